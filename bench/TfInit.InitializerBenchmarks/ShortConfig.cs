using BenchmarkDotNet.Configs;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;

namespace TfInit.InitializerBenchmarks;

/// <summary>
/// One job with few, short iterations: a fill takes from microseconds to tens of milliseconds (an Orthogonal of
/// 4096 x 4096 seconds), and the full matrix has a few hundred cases.
/// </summary>
public sealed class ShortConfig : ManualConfig
{
    /// <summary>Adds the job, and room for the longest case name in the summary table.</summary>
    public ShortConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(7).WithIterationTime(TimeInterval.FromMilliseconds(250)));
        SummaryStyle = BenchmarkDotNet.Reports.SummaryStyle.Default.WithMaxParameterColumnWidth(48);
    }
}
