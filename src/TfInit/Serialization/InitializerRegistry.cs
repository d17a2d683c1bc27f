using System.Text.Json;
using TfInit.Initializers;
using TfInit.Shapes;

namespace TfInit.Serialization;

/// <summary>
/// Every initializer TfInit knows, under Keras's class names, their snake_case forms and Keras's aliases
/// (<c>normal</c>, <c>uniform</c>, <c>one</c>, <c>zero</c>, <c>OrthogonalInitializer</c>, ...). An unknown name is
/// an error that lists the valid ones: nothing falls back silently to glorot_uniform.
/// </summary>
public static class InitializerRegistry
{
    private static readonly (string Name, string Formula, string[] Aliases, Func<ConfigReader, Initializer> Create)[] Entries =
    [
        ("Zeros", "0", ["zeros", "zero"], _ => new Zeros()),
        ("Ones", "1", ["ones", "one"], _ => new Ones()),
        ("Constant", "value", ["constant"], c => new Constant(c.Double("value", 0.0))),
        ("RandomNormal", "mean + stddev * N(0, 1)", ["random_normal", "normal"], c => new RandomNormal(c.Double("mean", 0.0), c.Double("stddev", 0.05), c.Seed())),
        ("RandomUniform", "minval + (maxval - minval) * U[0, 1)", ["random_uniform", "uniform"], c => new RandomUniform(c.Double("minval", -0.05), c.Double("maxval", 0.05), c.Seed())),
        ("TruncatedNormal", "mean + stddev * N(0, 1), redrawn outside mean +- 2 stddev", ["truncated_normal"], c => new TruncatedNormal(c.Double("mean", 0.0), c.Double("stddev", 0.05), c.Seed())),
        ("VarianceScaling", "s = scale / max(1, n), n = fan_in | fan_out | (in + out) / 2 | sqrt(in * out); truncated_normal: std sqrt(s) / 0.8796 cut at 2 std; untruncated_normal: std sqrt(s); uniform: limit sqrt(3 * scale / n)", ["variance_scaling"], c => new VarianceScaling(
            c.Double("scale", 1.0), c.String("mode", "fan_in"), c.String("distribution", "truncated_normal"), c.Seed())
            { Layout = Layout(c), Axes = Axes(c) }),
        ("GlorotNormal", "truncated normal, std sqrt(2 / (fan_in + fan_out)) after truncation", ["glorot_normal"], c => Preset(c, s => new GlorotNormal(s) { Layout = Layout(c), Axes = Axes(c) })),
        ("GlorotUniform", "U[-limit, limit), limit = sqrt(6 / (fan_in + fan_out))", ["glorot_uniform"], c => Preset(c, s => new GlorotUniform(s) { Layout = Layout(c), Axes = Axes(c) })),
        ("HeNormal", "truncated normal, std sqrt(2 / fan_in) after truncation", ["he_normal"], c => Preset(c, s => new HeNormal(s) { Layout = Layout(c), Axes = Axes(c) })),
        ("HeUniform", "U[-limit, limit), limit = sqrt(6 / fan_in)", ["he_uniform"], c => Preset(c, s => new HeUniform(s) { Layout = Layout(c), Axes = Axes(c) })),
        ("LecunNormal", "truncated normal, std sqrt(1 / fan_in) after truncation", ["lecun_normal"], c => Preset(c, s => new LecunNormal(s) { Layout = Layout(c), Axes = Axes(c) })),
        ("LecunUniform", "U[-limit, limit), limit = sqrt(3 / fan_in)", ["lecun_uniform"], c => Preset(c, s => new LecunUniform(s) { Layout = Layout(c), Axes = Axes(c) })),
        ("Orthogonal", "gain * Q * sign(diag R), QR of a (max, min) normal matrix; orthonormal rows or columns", ["orthogonal", "OrthogonalInitializer", "orthogonal_initializer"], c => new Orthogonal(c.Double("gain", 1.0), c.Seed())),
        ("Identity", "gain * eye(rows, cols); 2-D only", ["identity", "IdentityInitializer", "identity_initializer"], c => new Identity(c.Double("gain", 1.0))),
        ("XavierUniform", "U[-a, a), a = gain * sqrt(6 / (fan_in + fan_out))", ["xavier_uniform"], c => new XavierUniform(c.Double("gain", 1.0), c.Seed()) { Layout = Layout(c), Axes = Axes(c) }),
        ("XavierNormal", "N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out))", ["xavier_normal"], c => new XavierNormal(c.Double("gain", 1.0), c.Seed()) { Layout = Layout(c), Axes = Axes(c) }),
        ("KaimingUniform", "U[-b, b), b = gain * sqrt(3 / fan), gain = calculate_gain(nonlinearity, a)", ["kaiming_uniform"], c => new KaimingUniform(
            c.Double("a", 0.0), c.String("mode", "fan_in"), c.String("nonlinearity", "leaky_relu"), c.Seed()) { Layout = Layout(c), Axes = Axes(c) }),
        ("KaimingNormal", "N(0, std^2), std = gain / sqrt(fan), gain = calculate_gain(nonlinearity, a)", ["kaiming_normal"], c => new KaimingNormal(
            c.Double("a", 0.0), c.String("mode", "fan_in"), c.String("nonlinearity", "leaky_relu"), c.Seed()) { Layout = Layout(c), Axes = Axes(c) }),
        ("TruncNormal", "mean + std * N(0, 1), redrawn outside the absolute cut-offs [a, b]", ["trunc_normal"], c => new TruncNormal(
            c.Double("mean", 0.0), c.Double("std", 1.0), c.Double("a", -2.0), c.Double("b", 2.0), c.Seed())),
        ("Sparse", "N(0, std^2) with ceil(sparsity * outputs) weights of every input set to 0", ["sparse"], c => new Sparse(c.RequiredDouble("sparsity"), c.Double("std", 0.01), c.Seed()) { Layout = Layout(c) }),
        ("Dirac", "1 at the spatial centre linking output g * (out / groups) + d to input d; 0 elsewhere; rank 3 to 5", ["dirac"], c => new Dirac(c.Int("groups", 1)) { Layout = Layout(c) }),
        ("Eye", "eye(rows, cols); 2-D only", ["eye"], _ => new Eye()),
        ("DeltaOrthogonal", "0 except an (in, out) orthogonal matrix times scale at the spatial centre; rank 3 to 5, in <= out", ["delta_orthogonal"], c => new DeltaOrthogonal(c.Double("scale", 1.0), c.Seed())),
        ("Pretrained", "the array stored in a .npy file or under key in a .npz file; shape must match", ["pretrained"], c => new Pretrained(c.RequiredString("path"), c.String("key", ""))),
    ];

    private static readonly Dictionary<string, Func<ConfigReader, Initializer>> ByName = BuildIndex();

    /// <summary>The class names, in the order <c>tfinit list</c> shows them.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = Entries.Select(e => e.Name).ToArray();

    /// <summary>Every accepted name: class names, snake_case forms and aliases.</summary>
    public static IReadOnlyList<string> Names { get; } = Entries.SelectMany(e => e.Aliases.Prepend(e.Name)).ToArray();

    /// <summary>The aliases of a class name (its snake_case form first).</summary>
    /// <param name="className">A class name from <see cref="ClassNames"/>.</param>
    /// <returns>The aliases.</returns>
    public static IReadOnlyList<string> AliasesOf(string className) =>
        Entries.First(e => e.Name == className).Aliases;

    /// <summary>The formula of a class, in one line, for <c>tfinit list</c>.</summary>
    /// <param name="className">A class name from <see cref="ClassNames"/>.</param>
    /// <returns>The formula.</returns>
    public static string FormulaOf(string className) =>
        Entries.First(e => e.Name == className).Formula;

    /// <summary>Creates the initializer called <paramref name="name"/> from its config.</summary>
    /// <param name="name">A class name or alias (case-sensitive, as in Keras).</param>
    /// <param name="config">The config object; undefined or null for the defaults.</param>
    /// <returns>A new initializer.</returns>
    /// <exception cref="ArgumentException">An unknown name (the message lists the valid ones) or a bad config.</exception>
    public static Initializer Create(string name, JsonElement config)
    {
        if (!ByName.TryGetValue(name, out var create))
        {
            throw new ArgumentException(
                $"Unknown initializer '{name}'. Valid names: {string.Join(", ", Names)}.", nameof(name));
        }

        var reader = new ConfigReader(name, config);
        var initializer = create(reader);
        reader.EnsureAllUsed();
        return initializer;
    }

    private static Dictionary<string, Func<ConfigReader, Initializer>> BuildIndex()
    {
        var index = new Dictionary<string, Func<ConfigReader, Initializer>>(StringComparer.Ordinal);
        foreach (var (name, _, aliases, create) in Entries)
        {
            foreach (string key in aliases.Prepend(name))
            {
                index.Add(key, create);
            }
        }

        return index;
    }

    /// <summary>
    /// A preset's config holds only the seed; configs written by TensorFlow.NET also repeat scale, mode and
    /// distribution, which are accepted when they match the preset.
    /// </summary>
    private static Initializer Preset(ConfigReader c, Func<long?, VarianceScaling> create)
    {
        var preset = create(c.Seed());
        if (c.Double("scale", preset.Scale) != preset.Scale
            || c.String("mode", preset.Mode) != preset.Mode
            || c.String("distribution", preset.Distribution).ToLowerInvariant().Replace("truncated_normal", "normal") != preset.Distribution.Replace("truncated_normal", "normal"))
        {
            throw new ArgumentException(
                $"{preset.ClassName} is scale={preset.Scale}, mode={preset.Mode}, distribution={preset.Distribution}; its config may not change them (use VarianceScaling).",
                "config");
        }

        return preset;
    }

    private static FanLayout Layout(ConfigReader c) => c.String("layout", "keras") switch
    {
        "keras" => FanLayout.Keras,
        "torch" => FanLayout.Torch,
        var other => throw new ArgumentException($"Unknown layout '{other}'; allowed: keras, torch.", "layout"),
    };

    private static FanAxes? Axes(ConfigReader c)
    {
        int? inAxis = c.Axis("in_axis");
        int? outAxis = c.Axis("out_axis");
        int[]? batch = c.IntArray("batch_axis");
        return inAxis is null && outAxis is null && batch is null
            ? null
            : new FanAxes(inAxis ?? -2, outAxis ?? -1, batch ?? []);
    }
}
