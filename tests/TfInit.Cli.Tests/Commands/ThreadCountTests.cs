using System.Diagnostics;
using TfInit.Initializers;
using TfInit.NumPy;
using TfInit.Serialization;
using TfInit.Tests.Support;

namespace TfInit.Cli.Tests.Commands;

/// <summary>
/// A large element-wise fill (2048 x 1024, far above the core's parallel threshold) written by a tfinit process whose
/// thread pool is limited to one or a few threads equals the same fill in this process: the values do not depend on
/// the thread count.
/// </summary>
public sealed class ThreadCountTests
{
    private static readonly int[] LargeShape = [2048, 1024];

    [Theory]
    [InlineData("1", "1")]
    [InlineData("2", "3")]
    public void ThreadPoolLimitedProcessGivesTheSameValues(string processorCount, string maxWorkerThreads)
    {
        // Parallel.For ignores TaskScheduler.Current, so the thread count is limited the only robust way: a child
        // process (the tfinit command) whose runtime sees processorCount CPUs and at most maxWorkerThreads pool threads.
        var initializer = new RandomNormal(0.1, 0.2, seed: 77);
        var expected = new double[LargeShape[0] * LargeShape[1]];
        initializer.Fill(expected, LargeShape);

        string directory = Directory.CreateTempSubdirectory("tfinit-parallel-").FullName;
        try
        {
            string path = Path.Combine(directory, "w.npy");
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[]
            {
                Path.Combine(AppContext.BaseDirectory, "TfInit.Cli.dll"), "init", KerasJson.Serialize(initializer),
                "--shape", $"{LargeShape[0]},{LargeShape[1]}", "--dtype", "float64", "-o", path,
            })
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment["DOTNET_PROCESSOR_COUNT"] = processorCount;
            info.Environment["DOTNET_ThreadPool_ForceMaxWorkerThreads"] = maxWorkerThreads;
            using var process = Process.Start(info)!;
            string stderr = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(60_000), "tfinit did not finish within 60 s");
            Assert.True(process.ExitCode == 0, $"tfinit exited with {process.ExitCode}: {stderr}");

            Bits.Equal(expected, NpyFile.Read(path).Values, $"{processorCount} CPU(s), {maxWorkerThreads} pool thread(s)");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
