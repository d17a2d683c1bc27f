using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TfInit.Initializers;
using TfInit.Shapes;
using TfInit.Random;

namespace TfInit.Experiments.Speed;

/// <summary>
/// The side-by-side fill comparison behind <c>tfinit bench</c> and <c>bench/TfInit.Benchmarks fill</c>: TfInit's
/// fills of one float32 tensor against torch (randn, rand, normal_, trunc_normal_) and numpy (default_rng float32,
/// the legacy randn, normal + linalg.qr + sign) run by a python process. Each case alternates one TfInit fill and one
/// peer call per repetition and reports both medians. The all-threads cases set
/// <see cref="Parallelism.MaxDegreeOfParallelism"/> and torch's intra-op threads to the logical core count (torch's
/// own default may be fewer), the one-thread cases both to 1; numpy's generators are single-threaded and its QR uses
/// the BLAS's own threads.
/// </summary>
public sealed class FillComparison
{
    /// <summary>The interpreter the peers run in unless told otherwise: Debian's, where python3-numpy and python3-torch install.</summary>
    public const string DefaultPython = "/usr/bin/python3";

    private readonly int _rows;
    private readonly int _cols;
    private readonly int _repeats;
    private readonly string _python;

    /// <summary>A comparison on a [<paramref name="rows"/>, <paramref name="cols"/>] tensor, <paramref name="repeats"/> timed repetitions per case.</summary>
    public FillComparison(int rows, int cols, int repeats, string python = DefaultPython)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(python);
        Shape.ElementCount([rows, cols], nameof(rows));
        _rows = rows;
        _cols = cols;
        _repeats = repeats;
        _python = python;
    }

    /// <summary>
    /// Runs every case whose peer is available, in table order. <paramref name="skipped"/> receives one line per peer
    /// module left out and why; <paramref name="setup"/> one line with the core count, repetitions and the peers'
    /// versions.
    /// </summary>
    public List<FillCase> Run(Action<string> skipped, Action<string> setup)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        ArgumentNullException.ThrowIfNull(setup);
        using var peers = PythonPeers.Start(_python, _rows, _cols, out string? failure);
        foreach (var (module, package) in new[] { ("numpy", "python3-numpy"), ("torch", "python3-torch") })
        {
            if (!peers.Has(module))
            {
                skipped($"{module} peer cases skipped: {package} is not importable by {_python}{(failure is null ? "" : $" ({failure})")}.");
            }
        }

        setup(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {_repeats} repetitions (medians); peers: {(peers.Modules.Count == 0 ? "none" : string.Join("; ", peers.Modules.Select(m => $"{m.Key} {m.Value}")))}"));

        int threads = Parallelism.MaxDegreeOfParallelism;
        var cases = new List<FillCase>();
        try
        {
            foreach (var (setting, count) in new[] { ("all threads", Environment.ProcessorCount), ("1 thread", 1) })
            {
                Parallelism.MaxDegreeOfParallelism = count;
                if (peers.Has("torch"))
                {
                    peers.SetThreads(count);
                }

                cases.AddRange(TorchCases(peers, setting));
            }
        }
        finally
        {
            Parallelism.MaxDegreeOfParallelism = threads;
        }

        if (peers.Has("numpy"))
        {
            cases.AddRange(NumPyCases(peers));
        }

        return cases;
    }

    /// <summary>The shape as the table writes it, e.g. <c>[4096, 4096]</c>.</summary>
    public string ShapeText => string.Create(CultureInfo.InvariantCulture, $"[{_rows}, {_cols}]");

    private List<FillCase> TorchCases(PythonPeers peers, string threads)
    {
        var values = new float[_rows * _cols];
        int[] dims = [_rows, _cols];
        var cases = new List<FillCase>();
        void Compare(string name, Initializer init, string peer, string call)
        {
            if (peers.Has("torch"))
            {
                var (ours, theirs) = Alternate(_repeats, () => Timed(() => init.Fill(values, dims)), () => peers.Time(call));
                cases.Add(new($"{name} ({threads})", ShapeText, "float32", ours, peer, theirs));
            }
        }

        Compare("HeNormal", new HeNormal(seed: 1), "torch.randn", "randn");
        Compare("GlorotUniform", new GlorotUniform(seed: 1), "torch.rand", "rand");
        Compare("RandomNormal", new RandomNormal(seed: 1), "Tensor.normal_", "normal_");
        Compare("TruncatedNormal", new TruncatedNormal(seed: 1), "nn.init.trunc_normal_", "trunc_normal_");
        var (truncated, normal) = Alternate(_repeats,
            () => Timed(() => new TruncatedNormal(seed: 1).Fill(values, dims)),
            () => Timed(() => new RandomNormal(seed: 1).Fill(values, dims)));
        cases.Add(new($"TruncatedNormal vs our RandomNormal ({threads})", ShapeText, "float32", truncated, "TfInit RandomNormal", normal));
        return cases;
    }

    private List<FillCase> NumPyCases(PythonPeers peers)
    {
        var values = new float[_rows * _cols];
        int[] dims = [_rows, _cols];
        FillCase Compare(string name, Initializer init, string peer, string call) =>
            Case(name, ShapeText, "float32", _repeats, () => init.Fill(values, dims), peer, () => peers.Time(call));

        var doubles = new double[_rows * _cols];
        int halfRows = Math.Max(1, _rows / 2);
        int halfCols = Math.Max(1, _cols / 2);
        var half = new float[halfRows * halfCols];
        // The QR cases cost seconds per repetition at 4096: three repetitions at most.
        int orthogonalRepeats = Math.Min(_repeats, 3);
        return
        [
            Compare("HeNormal (all threads)", new HeNormal(seed: 1), "numpy default_rng standard_normal f32", "rng32"),
            Compare("GlorotUniform (all threads)", new GlorotUniform(seed: 1), "numpy default_rng random f32", "rngu32"),
            Compare("RandomNormal (all threads)", new RandomNormal(seed: 1), "numpy default_rng standard_normal f32", "rng32"),
            Case("NumPyRandomState.StandardNormal", ShapeText, "float64", _repeats,
                () => new NumPyRandomState(1).StandardNormal(doubles), "numpy legacy randn", () => peers.Time("legacy")),
            Case("Orthogonal", string.Create(CultureInfo.InvariantCulture, $"[{halfRows}, {halfCols}]"), "float32", orthogonalRepeats,
                () => new Orthogonal(seed: 1).Fill(half, [halfRows, halfCols]), "numpy normal + linalg.qr + sign", () => peers.Time("qr_half")),
            Case("Orthogonal", ShapeText, "float32", orthogonalRepeats,
                () => new Orthogonal(seed: 1).Fill(values, dims), "numpy normal + linalg.qr + sign", () => peers.Time("qr")),
        ];
    }

    private static FillCase Case(string name, string shape, string dtype, int repeats, Action ours, string peer, Func<double> theirs)
    {
        var (a, b) = Alternate(repeats, () => Timed(ours), theirs);
        return new FillCase(name, shape, dtype, a, peer, b);
    }

    /// <summary>
    /// Medians of two timed actions run in turn, one warm-up each first, so that load from other processes falls on
    /// both alike. Each action returns its own milliseconds (a peer measures itself, without the pipe's latency).
    /// </summary>
    public static (double First, double Second) Alternate(int repeats, Func<double> first, Func<double> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        first();
        second();
        var a = new List<double>();
        var b = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            a.Add(first());
            b.Add(second());
        }

        a.Sort();
        b.Sort();
        return (a[a.Count / 2], b[b.Count / 2]);
    }

    /// <summary>Runs <paramref name="action"/> once and returns its wall-clock milliseconds.</summary>
    public static double Timed(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>The cases as the table the bench prints, with the ratio's meaning underneath.</summary>
    public static string Table(IEnumerable<FillCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"case",-38} {"shape",-13} {"dtype",-8} {"TfInit ms",10}  {"peer",-40} {"peer ms",9} {"ratio",7}");
        foreach (var c in cases)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{c.Name,-38} {c.Shape,-13} {c.Dtype,-8} {c.TfInitMs,10:0.0}  {c.Peer,-40} {c.PeerMs,9:0.0} {c.Ratio,7:0.000}");
        }

        text.AppendLine("(ratio = TfInit ms / peer ms; below 1 means TfInit is faster)");
        return text.ToString();
    }

    /// <summary>The cases as <c>{"cases": [{name, shape, dtype, tfinit_ms, peer, peer_ms, ratio}, ...]}</c> on one line.</summary>
    public static string Json(IEnumerable<FillCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("cases");
            foreach (var c in cases)
            {
                c.WriteJson(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
