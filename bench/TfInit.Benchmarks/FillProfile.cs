using System.Diagnostics;
using System.Globalization;
using TfInit.Initializers;
using TfInit.Random;

namespace TfInit.Benchmarks;

/// <summary>
/// Where a fill's time goes, in ns per value on one thread: each stage is a public fill that adds one step to the
/// previous one (Philox + the 53-bit uniform; + log, sqrt, sin/cos; + the float narrowing and scaling; + the
/// truncated redraw), so the differences between rows are the stages' costs. The stages alternate within every
/// repetition and the medians are printed, so load from other processes falls on all alike.
/// </summary>
internal static class FillProfile
{
    public static int Run(string[] args)
    {
        int repeats = Option(args, "--repeats", 9);
        int count = Option(args, "--values", 1 << 22);
        var doubles = new double[count];
        var floats = new float[count];
        int[] shape = [count / 1024, 1024];
        (string Name, Action Fill)[] stages =
        [
            ("Philox + uniform f64 (PhiloxStream.Uniform)", () => new PhiloxStream(1).Uniform(doubles)),
            ("+ Box-Muller f64 (PhiloxStream.StandardNormal)", () => new PhiloxStream(1).StandardNormal(doubles)),
            ("+ scale and narrow: RandomNormal f32", () => new RandomNormal(seed: 1).Fill(floats, shape)),
            ("+ fans: HeNormal f32 (truncated)", () => new HeNormal(seed: 1).Fill(floats, shape)),
            ("TruncatedNormal f32", () => new TruncatedNormal(seed: 1).Fill(floats, shape)),
            ("GlorotUniform f32", () => new GlorotUniform(seed: 1).Fill(floats, shape)),
        ];
        Parallelism.MaxDegreeOfParallelism = 1;
        var times = stages.Select(_ => new List<double>()).ToArray();
        for (int r = -1; r < repeats; r++)
        {
            for (int s = 0; s < stages.Length; s++)
            {
                long start = Stopwatch.GetTimestamp();
                stages[s].Fill();
                if (r >= 0)
                {
                    times[s].Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / count);
                }
            }
        }

        Console.WriteLine($"1 thread, {count} values, {repeats} repetitions (medians), load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        for (int s = 0; s < stages.Length; s++)
        {
            times[s].Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stages[s].Name,-48} {times[s][times[s].Count / 2],8:0.00} ns/value"));
        }

        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
