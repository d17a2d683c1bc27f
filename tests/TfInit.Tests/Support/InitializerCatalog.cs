using TfInit.Initializers;
using TfInit.NumPy;
using TfInit.Serialization;
using TfInit.Shapes;

namespace TfInit.Tests.Support;

/// <summary>
/// One or more configured instances of every initializer class, with non-default arguments where the class takes
/// any, and a shape each accepts. Tests that must cover "every initializer" iterate over this list, and
/// <see cref="ClassesCovered"/> lets them check the list against the classes the library exports.
/// </summary>
internal static class InitializerCatalog
{
    private static readonly Lazy<string> PretrainedDirectory = new(CreatePretrainedFiles);

    /// <summary>Initializers that take a seed; Create(seed) builds one.</summary>
    public static IReadOnlyList<Entry> Random { get; } =
    [
        new("RandomNormal", s => new RandomNormal(0.1, 0.2, s), [64, 48]),
        new("RandomUniform", s => new RandomUniform(-0.3, 0.4, s), [64, 48]),
        new("TruncatedNormal", s => new TruncatedNormal(0.5, 0.05, s), [64, 48]),
        new("VarianceScaling", s => new VarianceScaling(2.5, "fan_avg", "uniform", s), [3, 3, 8, 16]),
        new("VarianceScaling_torch", s => new VarianceScaling(1.3, "fan_out", "untruncated_normal", s) { Layout = FanLayout.Torch }, [16, 8, 3, 3]),
        new("VarianceScaling_axes", s => new VarianceScaling(0.7, "fan_geo_avg", "truncated_normal", s) { Axes = new FanAxes(1, 0, 2) }, [8, 6, 3]),
        new("GlorotNormal", s => new GlorotNormal(s), [3, 3, 8, 16]),
        new("GlorotUniform", s => new GlorotUniform(s), [3, 3, 8, 16]),
        new("HeNormal", s => new HeNormal(s), [3, 3, 8, 16]),
        new("HeNormal_torch", s => new HeNormal(s) { Layout = FanLayout.Torch }, [16, 8, 3, 3]),
        new("HeNormal_axes", s => new HeNormal(s) { Axes = new FanAxes(0, 1, 2) }, [6, 8, 3]),
        new("HeUniform", s => new HeUniform(s), [3, 3, 8, 16]),
        new("LecunNormal", s => new LecunNormal(s), [3, 3, 8, 16]),
        new("LecunUniform", s => new LecunUniform(s), [3, 3, 8, 16]),
        new("Orthogonal", s => new Orthogonal(1.5, s), [24, 10]),
        new("XavierUniform", s => new XavierUniform(1.2, s), [40, 30]),
        new("XavierNormal_torch", s => new XavierNormal(0.8, s) { Layout = FanLayout.Torch }, [30, 40]),
        new("KaimingUniform_torch", s => new KaimingUniform(0.2, "fan_out", "leaky_relu", s) { Layout = FanLayout.Torch }, [16, 8, 3, 3]),
        new("KaimingNormal", s => new KaimingNormal(0, "fan_in", "relu", s), [3, 3, 8, 16]),
        new("KaimingNormal_axes", s => new KaimingNormal(0, "fan_out", "relu", s) { Axes = new FanAxes(1, 0) }, [12, 20]),
        new("TruncNormal", s => new TruncNormal(0.1, 0.5, -0.5, 1.0, s), [64, 48]),
        new("Sparse_torch", s => new Sparse(0.3, 0.02, s) { Layout = FanLayout.Torch }, [20, 30]),
        new("Sparse", s => new Sparse(0.5, 0.1, s), [30, 20]),
        new("DeltaOrthogonal", s => new DeltaOrthogonal(1.3, s), [3, 3, 8, 12]),
        new("UniformUnitScaling", s => new UniformUnitScaling(1.15, s), [3, 3, 8, 16]),
        new("ContribVarianceScaling", s => new ContribVarianceScaling(1.5, "FAN_AVG", false, s), [3, 3, 8, 16]),
        new("XavierInitializer", s => new XavierInitializer(false, s), [40, 30]),
        new("NumPySnippet", s => new NumPySnippet("n = (n_in + n_out) * 0.5; scale = np.sqrt(3/n); W = tf.Variable(np.random.uniform(low=-scale, high=scale, size=[n_in, n_out]))", s), [40, 30]),
    ];

    /// <summary>Initializers without a seed (Create ignores its argument).</summary>
    public static IReadOnlyList<Entry> Deterministic { get; } =
    [
        new("Zeros", _ => new Zeros(), [4, 5]),
        new("Ones", _ => new Ones(), [4, 5]),
        new("Constant", _ => new Constant(0.25), [4, 5]),
        new("Constant_array", _ => new Constant([0.5, -1.25, 2.0, 3.5, -0.75], 1, 5), [4, 5]),
        new("ConstantInitializer", _ => new ConstantInitializer(new ArrayValue([1.5, -2.0, 0.25, 4.0, 3.0, -1.0, 2.5], [7]), verifyShape: false), [4, 5]),
        new("STFT", _ => new STFT("imag", "hamming", "spectrum", periodic: true), [16, 1, 9]),
        new("STFT_window", _ => new STFT("real", new ArrayValue(Enumerable.Range(1, 16).Select(i => i * 0.5).ToArray(), [16]), "density"), [16, 1, 9]),
        new("Identity", _ => new Identity(2.0), [5, 7]),
        new("Eye", _ => new Eye(), [4, 6]),
        new("Dirac_torch", _ => new Dirac(2) { Layout = FanLayout.Torch }, [8, 4, 3, 3]),
        new("Dirac", _ => new Dirac(), [3, 3, 4, 4]),
        new("Pretrained_npy", _ => new Pretrained(Path.Combine(PretrainedDirectory.Value, "kernel.npy")), [3, 4]),
        new("Pretrained_npz", _ => new Pretrained(Path.Combine(PretrainedDirectory.Value, "model.npz"), "dense/kernel"), [2, 5]),
    ];

    public static IReadOnlyList<Entry> All { get; } = [.. Random, .. Deterministic];

    public static Entry Get(string name) => All.Single(e => e.Name == name);

    public static TheoryData<string> Names(IEnumerable<Entry> entries)
    {
        var data = new TheoryData<string>();
        foreach (var entry in entries)
        {
            data.Add(entry.Name);
        }

        return data;
    }

    /// <summary>The class names of every catalog entry.</summary>
    public static string[] ClassesCovered() =>
        All.Select(e => e.Create(1).GetType().Name).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every concrete initializer class the library exports.</summary>
    public static string[] ClassesExported() =>
        typeof(Initializer).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(Initializer)) && !t.IsAbstract)
            .Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();

    private static string CreatePretrainedFiles()
    {
        // Beside the test binaries (rewritten atomically on every run), so no temporary directories pile up.
        string directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "pretrained");
        Directory.CreateDirectory(directory);
        NpyFile.Write(Path.Combine(directory, "kernel.npy"), Enumerable.Range(0, 12).Select(i => (i * 0.125) - 0.5).ToArray(), [3, 4]);
        NpzFile.Write(Path.Combine(directory, "model.npz"),
        [
            new("dense/kernel", NpyArray.FromSingles(Enumerable.Range(0, 10).Select(i => i * 0.1f).ToArray(), [2, 5])),
            new("dense/bias", NpyArray.FromDoubles([1.0, 2.0], [2])),
        ]);
        return directory;
    }

    /// <param name="Name">A unique label.</param>
    /// <param name="Create">Builds the initializer with the given seed (ignored by deterministic classes).</param>
    /// <param name="Shape">A shape the initializer accepts.</param>
    internal sealed record Entry(string Name, Func<long?, Initializer> Create, int[] Shape);
}
