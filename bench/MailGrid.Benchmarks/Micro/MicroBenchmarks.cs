using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MailGrid.Benchmarks.Micro;

/// <summary>Runs the micro-benchmarks in this process.</summary>
internal static class MicroBenchmarks
{
    public static int Run(string[] args)
    {
        var quick = args.Contains("--short");
        var rest = args.Where(a => a != "--short").ToArray();

        // In-process: BenchmarkDotNet's generated child project would inherit the repository's
        // warnings-as-errors and central package management. --short trades precision for a run of ~2 minutes.
        var job = (quick ? Job.ShortRun.WithIterationCount(5) : Job.Default)
            .WithToolchain(InProcessEmitToolchain.Instance);
        var config = DefaultConfig.Instance
            .AddJob(job)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks).Assembly)
            .Run(rest.Length == 0 ? ["--filter", "*"] : rest, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
