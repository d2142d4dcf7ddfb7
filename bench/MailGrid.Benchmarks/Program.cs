using MailGrid.Benchmarks.Load;
using MailGrid.Benchmarks.Micro;

// micro [--short] [BenchmarkDotNet arguments]   micro-benchmarks of the hot paths
// latency --port P [--sessions S] [--messages M] [--size BYTES] [--recipients R] [--to rcpt@domain] [--connections reused|per-message]
// idle --port P [--count N] [--hold-seconds S]
// churn --port P [--sessions S] [--count N]   connections that only greet, EHLO and QUIT
var mode = args.Length > 0 ? args[0] : "micro";
var rest = args.Length > 0 ? args[1..] : [];
return mode switch
{
    "micro" => MicroBenchmarks.Run(rest),
    "latency" => await LatencyClient.RunAsync(LoadArguments.Parse(rest)),
    "idle" => await IdleConnections.RunAsync(LoadArguments.Parse(rest)),
    "churn" => await ConnectionChurn.RunAsync(LoadArguments.Parse(rest)),
    _ => Usage(mode),
};

static int Usage(string mode)
{
    Console.Error.WriteLine($"Unknown mode '{mode}': use micro, latency, idle or churn.");
    return 2;
}
