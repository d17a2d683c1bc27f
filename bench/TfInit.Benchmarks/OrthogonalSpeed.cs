using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TfInit.Initializers;

namespace TfInit.Benchmarks;

/// <summary>
/// Issue 16's Orthogonal comparison: TfInit's float32 Orthogonal fill against numpy's normal + linalg.qr + sign (one
/// long-lived python3, OpenBLAS on every core), the two run in turn at each repetition so that the load of other
/// processes falls on both alike; medians of each, with the load average before and after.
/// </summary>
internal static class OrthogonalSpeed
{
    private const string Python = "/usr/bin/python3";

    // Reads a side per line, answers with the milliseconds of one Keras-style Orthogonal of that side.
    private const string Script = """
        import sys, time, numpy as np
        g = np.random.default_rng(1)
        print('numpy', np.__version__, flush=True)
        for line in sys.stdin:
            side = int(line)
            s = time.perf_counter()
            a = g.normal(size=(side, side))
            q, r = np.linalg.qr(a)
            q *= np.sign(np.diag(r))
            q = q.astype(np.float32)
            print((time.perf_counter() - s) * 1000, flush=True)
        """;

    public static int Run(string[] args)
    {
        int repeats = args.Contains("--repeats") ? int.Parse(args[Array.IndexOf(args, "--repeats") + 1], CultureInfo.InvariantCulture) : 5;
        int[] sides = args.Contains("--sides")
            ? args[Array.IndexOf(args, "--sides") + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : [2048, 4096];
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        using var numpy = Process.Start(info)!;
        string version = numpy.StandardOutput.ReadLine()!;
        double Peer(int side)
        {
            numpy.StandardInput.WriteLine(side.ToString(CultureInfo.InvariantCulture));
            numpy.StandardInput.Flush();
            return double.Parse(numpy.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
        }

        Console.WriteLine($"{Environment.ProcessorCount} cores, {repeats} repetitions (medians), {version}, load average before: {LoadAverage()}");
        Console.WriteLine($"{"shape",-14} {"TfInit ms",10} {"numpy ms",10} {"ratio",7}   runs (TfInit / numpy)");
        var cases = new List<object>();
        foreach (int side in sides)
        {
            var values = new float[side * side];
            int[] shape = [side, side];
            double Ours()
            {
                var clock = Stopwatch.StartNew();
                new Orthogonal(seed: 1).Fill(values, shape);
                return clock.Elapsed.TotalMilliseconds;
            }

            Ours();
            Peer(side);
            var ours = new List<double>();
            var theirs = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                ours.Add(Ours());
                theirs.Add(Peer(side));
            }

            double a = Median(ours);
            double b = Median(theirs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{side}, {side}]   {a,10:0.0} {b,10:0.0} {a / b,7:0.000}   {string.Join(" ", ours.Select(x => x.ToString("0", CultureInfo.InvariantCulture)))} / {string.Join(" ", theirs.Select(x => x.ToString("0", CultureInfo.InvariantCulture)))}"));
            cases.Add(new { shape = $"[{side}, {side}]", dtype = "float32", tfinit_ms = Math.Round(a, 1), peer = "numpy normal + linalg.qr + sign", peer_ms = Math.Round(b, 1), ratio = Math.Round(a / b, 4) });
        }

        numpy.StandardInput.Close();
        numpy.WaitForExit();
        Console.WriteLine($"load average after: {LoadAverage()}");
        Console.WriteLine(JsonSerializer.Serialize(new { cases }));
        return 0;
    }

    private static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
