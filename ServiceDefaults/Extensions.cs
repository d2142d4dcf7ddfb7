using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

// The namespace of the Aspire template, so hosts get these extensions without an extra using.
namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Wiring every MailGrid host shares: log levels, OpenTelemetry, health checks, service discovery and
/// HTTP client resilience. Hosts call <see cref="AddServiceDefaults"/> on the builder and
/// <see cref="MapDefaultEndpoints"/> on the built application.
/// </summary>
public static class Extensions
{
    /// <summary>Path of the readiness endpoint: every registered health check must pass.</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>Path of the liveness endpoint: only checks tagged <see cref="LiveTag"/>.</summary>
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>Tag of the health checks that decide liveness (a failing one means "restart me").</summary>
    public const string LiveTag = "live";

    // MailGrid components name their meters and activity sources "MailGrid.<Component>";
    // Orleans has one meter, "Microsoft.Orleans", and several activity sources under
    // "Microsoft.Orleans." (Application, Runtime, Lifecycle, ...), hence the wildcard.
    private static readonly string[] MeterNames = ["MailGrid.*", "Microsoft.Orleans"];
    private static readonly string[] ActivitySourceNames = ["MailGrid.*", "Microsoft.Orleans.*"];

    // The SDK's default buckets (0 to 10,000) suit milliseconds; these histograms are in seconds. Delivery
    // latency runs from milliseconds (a local mailbox) to days (retries until expiry); an attempt, to minutes.
    private static readonly double[] DeliveryLatencyBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400, 432000];
    private static readonly double[] AttemptDurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    /// <summary>Adds the default log levels, OpenTelemetry, default health checks, service discovery and HTTP resilience.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.AddLoggingDefaults();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>Configures OpenTelemetry logging, metrics and tracing for MailGrid and Orleans.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(MeterNames)
                .AddView("mailgrid.delivery.latency", new ExplicitBucketHistogramConfiguration { Boundaries = DeliveryLatencyBuckets })
                .AddView("mailgrid.delivery.attempt.duration", new ExplicitBucketHistogramConfiguration { Boundaries = AttemptDurationBuckets }))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(ActivitySourceNames)
                .AddAspNetCoreInstrumentation(options =>
                    // Probes hit these every few seconds; tracing them only adds noise.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation());

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    /// <summary>Adds the default health checks: a "self" check tagged <see cref="LiveTag"/>.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (all checks: readiness) and <c>/alive</c> (live-tagged checks: liveness).
    /// Mapped in every environment because Kubernetes probes and the end-to-end tests use them.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
        });
        return app;
    }

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // Export only where a collector is configured (Aspire dashboard, cluster agent); otherwise
        // the exporter would retry against localhost:4317 forever.
        var useOtlpExporter = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (useOtlpExporter)
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }
}
