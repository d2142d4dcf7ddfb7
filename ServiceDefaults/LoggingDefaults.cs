using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Default minimum log levels per category for every MailGrid host, so that an accepted message is one Information
/// line, not a dozen. They live in code because a host started from another folder (a service, a container, the
/// tests) finds no appsettings.json. Configuration still decides: <c>Logging:LogLevel:&lt;category&gt;</c> from
/// appsettings, the environment (<c>Logging__LogLevel__Polly=Information</c>) or the command line overrides these.
/// </summary>
public static class LoggingDefaults
{
    /// <summary>The defaults; categories not listed (MailGrid.* among them) follow <c>Logging:LogLevel:Default</c>, Information.</summary>
    public static IReadOnlyList<KeyValuePair<string, LogLevel>> Levels { get; } =
    [
        // Orleans 10 runs grain placement through a Polly pipeline that logs every execution: two lines per grain call.
        new("Polly", LogLevel.Warning),
        // Silo start-up prints every options class; membership and the client gateway log routine work.
        new("Orleans", LogLevel.Warning),
        // Hosting, routing and endpoint lines for every HTTP request, health probes included.
        new("Microsoft.AspNetCore", LogLevel.Warning),
        // Request start and end lines of every HttpClient call.
        new("System.Net.Http.HttpClient", LogLevel.Warning),
    ];

    /// <summary>Adds <see cref="Levels"/> beneath whatever <c>Logging:LogLevel</c> configuration says.</summary>
    public static TBuilder AddLoggingDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.Configure<LoggerFilterOptions>(options =>
        {
            // Of the rules for one category (and provider), the last one wins. Configuration has added its rules by
            // now, so these go in front of them rather than after, where they would override configuration.
            for (var i = 0; i < Levels.Count; i++)
            {
                options.Rules.Insert(i, new LoggerFilterRule(providerName: null, Levels[i].Key, Levels[i].Value, filter: null));
            }
        });
        return builder;
    }
}
