using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TfInit.Initializers;
using TfInit.Random;
using TorchSharp;

namespace TfInit.Benchmarks;

/// <summary>
/// Issue 6's side-by-side comparison: TfInit fills against TorchSharp (same process) and numpy (a python3
/// subprocess, OpenBLAS-backed when installed), each case timed as the median of several repetitions. The
/// one-thread cases set <see cref="Parallelism.MaxDegreeOfParallelism"/> to 1 and torch to one thread.
/// </summary>
internal static class FillSpeed
{
    private const int Side = 4096;
    private const int OrthoSide = 2048;
    private const string Python = "/usr/bin/python3";

    public static int Run(string[] args)
    {
        int repeats = Option(args, "--repeats", 7);
        int torchThreads = torch.get_num_threads();
        Console.WriteLine($"{Environment.ProcessorCount} cores, {torchThreads} torch threads, {repeats} repetitions (medians)");
        var cases = TorchCases(repeats, "all threads");
        Parallelism.MaxDegreeOfParallelism = 1;
        torch.set_num_threads(1);
        cases.AddRange(TorchCases(repeats, "1 thread"));
        Parallelism.MaxDegreeOfParallelism = -1;
        torch.set_num_threads(torchThreads);
        var numpy = NumPyTimes(repeats);
        cases.AddRange(NumPyCases(repeats, numpy));
        Print(cases);
        return 0;
    }

    private static List<Case> TorchCases(int repeats, string threads)
    {
        string shape = $"[{Side}, {Side}]";
        var values = new float[Side * Side];
        int[] dims = [Side, Side];
        using var target = torch.empty(Side, Side, dtype: torch.ScalarType.Float32);
        Case Compare(string name, Initializer init, string peer, Action peerAction)
        {
            var (ours, theirs) = Alternate(repeats, () => init.Fill(values, dims), peerAction);
            return new($"{name} ({threads})", shape, "float32", ours, peer, theirs);
        }

        return
        [
            Compare("HeNormal", new HeNormal(seed: 1), "torch.randn", () =>
            {
                using var t = torch.randn(Side, Side, dtype: torch.ScalarType.Float32);
            }),
            Compare("GlorotUniform", new GlorotUniform(seed: 1), "torch.rand", () =>
            {
                using var t = torch.rand(Side, Side, dtype: torch.ScalarType.Float32);
            }),
            Compare("RandomNormal", new RandomNormal(seed: 1), "Tensor.normal_", () => target.normal_(0, 0.05)),
            Compare("TruncatedNormal", new TruncatedNormal(seed: 1), "nn.init.trunc_normal_", () => torch.nn.init.trunc_normal_(target, 0, 0.05, -0.1, 0.1)),
            Compare("TruncatedNormal vs our RandomNormal", new TruncatedNormal(seed: 1), "TfInit RandomNormal", () => new RandomNormal(seed: 1).Fill(values, dims)),
        ];
    }

    private static List<Case> NumPyCases(int repeats, Dictionary<string, double> numpy)
    {
        string shape = $"[{Side}, {Side}]";
        var values = new float[Side * Side];
        int[] dims = [Side, Side];
        double Fill(Initializer init) => Median(repeats, () => init.Fill(values, dims));
        var doubles = new double[Side * Side];
        double stream = Median(repeats, () => new NumPyRandomState(1).StandardNormal(doubles));
        var ortho = new float[OrthoSide * OrthoSide];
        double orthogonal = Median(Math.Max(3, repeats / 2), () => new Orthogonal(seed: 1).Fill(ortho, [OrthoSide, OrthoSide]));
        double orthogonalLarge = Median(3, () => new Orthogonal(seed: 1).Fill(values, dims));
        return
        [
            new("HeNormal (all threads)", shape, "float32", Fill(new HeNormal(seed: 1)), "numpy default_rng standard_normal f32", numpy["rng32"]),
            new("GlorotUniform (all threads)", shape, "float32", Fill(new GlorotUniform(seed: 1)), "numpy default_rng random f32", numpy["rngu32"]),
            new("RandomNormal (all threads)", shape, "float32", Fill(new RandomNormal(seed: 1)), "numpy default_rng standard_normal f32", numpy["rng32"]),
            new("NumPyRandomState.StandardNormal", shape, "float64", stream, "numpy legacy randn", numpy["legacy"]),
            new("Orthogonal", $"[{OrthoSide}, {OrthoSide}]", "float32", orthogonal, "numpy normal + linalg.qr + sign", numpy["qr"]),
            new("Orthogonal", shape, "float32", orthogonalLarge, "numpy normal + linalg.qr + sign", numpy["qr_large"]),
        ];
    }

    /// <summary>
    /// Runs the numpy peer. OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are removed for it alone: they pin OpenBLAS to
    /// kernels that are not the ones numpy users get on this CPU.
    /// </summary>
    private static Dictionary<string, double> NumPyTimes(int repeats)
    {
        string script = $$"""
            import json, time, numpy as np
            try:
                from threadpoolctl import threadpool_info
                blas = [(i.get('internal_api'), i.get('version'), i.get('filepath'), i.get('num_threads')) for i in threadpool_info()]
            except ImportError:
                blas = 'threadpoolctl missing'
            print('numpy', np.__version__, 'BLAS:', blas, flush=True)
            def med(f, n):
                t = []
                for _ in range(n):
                    s = time.perf_counter(); f(); t.append((time.perf_counter() - s) * 1000)
                return sorted(t)[n // 2]
            g = np.random.default_rng(1)
            def ortho(side):
                a = g.normal(size=(side, side))
                q, r = np.linalg.qr(a)
                q *= np.sign(np.diag(r))
                return q.astype(np.float32)
            n = {{repeats}}
            print(json.dumps({
                'legacy': med(lambda: np.random.randn({{Side}}, {{Side}}), n),
                'rng32': med(lambda: g.standard_normal(({{Side}}, {{Side}}), dtype=np.float32), n),
                'rngu32': med(lambda: g.random(({{Side}}, {{Side}}), dtype=np.float32), n),
                'qr': med(lambda: ortho({{OrthoSide}}), max(3, n // 2)),
                'qr_large': med(lambda: ortho({{Side}}), 3),
            }))
            """;
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add("-");
        info.Environment.Remove("OPENBLAS_CORETYPE");
        info.Environment.Remove("OPENBLAS_L2_SIZE");
        using var process = Process.Start(info)!;
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Console.WriteLine(lines[0]);
        return JsonSerializer.Deserialize<Dictionary<string, double>>(lines[^1])!;
    }

    private static void Print(List<Case> cases)
    {
        Console.WriteLine();
        Console.WriteLine($"{"case",-38} {"shape",-13} {"dtype",-8} {"TfInit ms",10}  {"peer",-40} {"peer ms",9} {"ratio",7}");
        foreach (var c in cases)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Name,-38} {c.Shape,-13} {c.Dtype,-8} {c.TfInitMs,10:0.0}  {c.Peer,-40} {c.PeerMs,9:0.0} {c.Ratio,7:0.000}"));
        }

        Console.WriteLine("(ratio = TfInit ms / peer ms; below 1 means TfInit is faster)");
        Console.WriteLine(JsonSerializer.Serialize(new { cases = cases.Select(c => c.ToJson()) }));
    }

    /// <summary>Medians of two actions run in turn, so that load from other processes falls on both alike.</summary>
    private static (double First, double Second) Alternate(int repeats, Action first, Action second)
    {
        first();
        second();
        var a = new List<double>();
        var b = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            first();
            a.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            second();
            b.Add(clock.Elapsed.TotalMilliseconds);
        }

        a.Sort();
        b.Sort();
        return (a[a.Count / 2], b[b.Count / 2]);
    }

    private static double Median(int repeats, Action action)
    {
        action();
        var times = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record Case(string Name, string Shape, string Dtype, double TfInitMs, string Peer, double PeerMs)
    {
        public double Ratio => TfInitMs / PeerMs;

        public Dictionary<string, object> ToJson() => new()
        {
            ["name"] = Name,
            ["shape"] = Shape,
            ["dtype"] = Dtype,
            ["tfinit_ms"] = Math.Round(TfInitMs, 2),
            ["peer"] = Peer,
            ["peer_ms"] = Math.Round(PeerMs, 2),
            ["ratio"] = Math.Round(Ratio, 4),
        };
    }
}
