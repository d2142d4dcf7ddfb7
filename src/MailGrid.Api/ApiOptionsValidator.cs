using Microsoft.Extensions.Options;

namespace MailGrid.Api;

/// <summary>
/// Stops the start on an API key that would weaken the API: shorter than 16 characters (the Helm chart's floor too),
/// or holding whitespace (the header value is trimmed, so such a key could never match). Keys are never echoed.
/// </summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i] ?? "";
            if (key.Length < MinimumKeyLength)
            {
                failures.Add($"{ApiOptions.SectionName}:Keys:{i} is shorter than {MinimumKeyLength} characters.");
            }
            else if (key.Any(char.IsWhiteSpace))
            {
                failures.Add($"{ApiOptions.SectionName}:Keys:{i} contains whitespace.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
