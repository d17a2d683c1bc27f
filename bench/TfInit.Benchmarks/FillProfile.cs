using System.Globalization;
using System.Runtime.InteropServices;
using TfInit.Initializers;
using TfInit.Random;

namespace TfInit.Benchmarks;

/// <summary>
/// Where a fill's time goes, in ns per value on one thread: each stage is a public fill that adds one step to the
/// previous one (Philox + the 53-bit uniform; + log, sqrt, sin/cos; + the float narrowing and scaling; + the
/// truncated redraw), so the differences between rows are the stages' costs. The stages alternate within every
/// repetition and the medians are printed. Time is this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), not the wall
/// clock: on a machine shared by many processes the wall clock mostly measures the wait for a core. The default
/// 262144 values (4 of the fills' 65536-element parallel chunks) are filled on the calling thread alone.
/// </summary>
internal static partial class FillProfile
{
    private const int ThreadCpuClock = 3;
    public static int Run(string[] args)
    {
        int repeats = Option(args, "--repeats", 31);
        int count = Option(args, "--values", 1 << 18);
        var doubles = new double[count];
        var floats = new float[count];
        int[] shape = [count / 1024, 1024];
        (string Name, Action Fill)[] stages =
        [
            ("Philox + uniform f64 (PhiloxStream.Uniform)", () => new PhiloxStream(1).Uniform(doubles)),
            ("+ Box-Muller f64 (PhiloxStream.StandardNormal)", () => new PhiloxStream(1).StandardNormal(doubles)),
            ("RandomNormal f64", () => new RandomNormal(seed: 1).Fill(doubles, shape)),
            ("Philox + uniform, float layout", () => new PhiloxStream(1, 0, singlePrecision: true).Uniform(doubles)),
            ("+ Box-Muller, float layout", () => new PhiloxStream(1, 0, singlePrecision: true).StandardNormal(doubles)),
            ("Box-Muller + redraws outside +-2, float layout", () => new PhiloxStream(1, 0, singlePrecision: true).TruncatedStandardNormal(doubles, -2, 2)),
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
                long start = ThreadCpuNanoseconds();
                stages[s].Fill();
                if (r >= 0)
                {
                    times[s].Add((double)(ThreadCpuNanoseconds() - start) / count);
                }
            }
        }

        Console.WriteLine($"1 thread (CPU time), {count} values, {repeats} repetitions (medians), load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        for (int s = 0; s < stages.Length; s++)
        {
            times[s].Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stages[s].Name,-48} {times[s][times[s].Count / 2],8:0.00} ns/value"));
        }

        return 0;
    }

    private static long ThreadCpuNanoseconds()
    {
        if (ClockGetTime(ThreadCpuClock, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        }

        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
