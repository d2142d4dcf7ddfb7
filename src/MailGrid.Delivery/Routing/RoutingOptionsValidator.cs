using Microsoft.Extensions.Options;

namespace MailGrid.Delivery.Routing;

/// <summary>Fails start-up on a route whose next hop cannot be parsed, rather than at the first message.</summary>
public sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var failures = new List<string>();
        foreach (var (pattern, hop) in options.Routes)
        {
            if (!NextHop.TryParse(hop, out _))
            {
                failures.Add($"MailGrid:Routing:Routes:{pattern}: '{hop}' is not host[:port].");
            }
        }

        if (options.SmartHost is not null && !NextHop.TryParse(options.SmartHost, out _))
        {
            failures.Add($"MailGrid:Routing:SmartHost: '{options.SmartHost}' is not host[:port].");
        }

        if (string.IsNullOrEmpty(options.SmartHostUserName) != string.IsNullOrEmpty(options.SmartHostPassword))
        {
            failures.Add("MailGrid:Routing:SmartHostUserName and SmartHostPassword go together.");
        }

        if (!string.IsNullOrEmpty(options.SmartHostUserName) && options.SmartHost is null)
        {
            failures.Add("MailGrid:Routing:SmartHostUserName is set but SmartHost is not.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
