using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace TfInit.InitializerBenchmarks;

/// <summary>
/// Two jobs: all cores, and one core through DOTNET_PROCESSOR_COUNT=1 (Parallel.For sizes its work by the runtime's
/// processor count). Few iterations: a fill takes tens of milliseconds, an Orthogonal of 4096 x 4096 seconds.
/// </summary>
public sealed class ThreadsConfig : ManualConfig
{
    /// <summary>Adds the two jobs.</summary>
    public ThreadsConfig()
    {
        var job = Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(7);
        AddJob(job.WithId("all threads"));
        AddJob(job.WithEnvironmentVariable("DOTNET_PROCESSOR_COUNT", "1").WithId("1 thread"));
    }
}
