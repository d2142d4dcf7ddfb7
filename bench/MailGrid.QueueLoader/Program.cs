using System.Diagnostics;
using MailGrid.QueueLoader;
using MailGrid.Storage.Local.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Fills <domain>'s outbound queue in a STOPPED MailGrid.Server's embedded store (SQLite has one writer):
//   dotnet MailGrid.QueueLoader.dll --data <MailGrid:DataPath> --count N [--domain held.bench] [--concurrency 2048]
// The stores come from the server's own DI extension (AddMailGridLocalStorage), so records, queue entries, depth
// counters and the body blob are what the server itself writes. MailGrid__* environment variables apply as in the server.
// Prints "loaded=N depth=D seconds=S per_s=R".
var arguments = LoaderArguments.Parse(args);
var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables()
    .AddInMemoryCollection(new Dictionary<string, string?> { ["MailGrid:DataPath"] = arguments.DataPath })
    .Build();
var services = new ServiceCollection()
    .AddLogging()
    .AddSingleton(TimeProvider.System)
    .AddMailGridLocalStorage(configuration)
    .AddSingleton<QueueFiller>();

var started = Stopwatch.GetTimestamp();
long depth;
await using (var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }))
{
    depth = await provider.GetRequiredService<QueueFiller>().FillAsync(arguments, CancellationToken.None);
}

// Disposing the provider drained and closed the writer: everything above is committed.
var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
Console.WriteLine(FormattableString.Invariant($"loaded={arguments.Count} depth={depth} seconds={seconds:F1} per_s={arguments.Count / Math.Max(seconds, 0.001):F0}"));
return 0;
