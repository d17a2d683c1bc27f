using System.Text.Json;
using TfInit.Tests.Support;

namespace TfInit.Cli.Tests.Commands;

/// <summary><c>tfinit list [--json]</c>: every initializer with its formula, defaults and aliases.</summary>
public sealed class ListCommandTests
{
    /// <summary>The classes the issue asks for (Keras 3, PyTorch nn.init and JAX extras, the tutorial's Pretrained).</summary>
    private static readonly string[] ClassNames =
    [
        "Zeros", "Ones", "Constant", "RandomNormal", "RandomUniform", "TruncatedNormal", "VarianceScaling",
        "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "LecunNormal", "LecunUniform", "Orthogonal", "STFT",
        "Identity", "XavierUniform", "XavierNormal", "KaimingUniform", "KaimingNormal", "TruncNormal", "Sparse",
        "Dirac", "Eye", "DeltaOrthogonal", "Pretrained", "UniformUnitScaling", "ContribVarianceScaling", "XavierInitializer",
        "ConstantInitializer", "NumPySnippet",
    ];

    /// <summary>Keras's snake_case names and aliases, plus the PyTorch / JAX names.</summary>
    private static readonly string[] Aliases =
    [
        "zeros", "zero", "ones", "one", "constant", "random_normal", "normal", "random_uniform", "uniform",
        "truncated_normal", "variance_scaling", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform",
        "lecun_normal", "lecun_uniform", "orthogonal", "OrthogonalInitializer", "identity", "IdentityInitializer",
        "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal", "trunc_normal", "sparse", "dirac",
        "eye", "delta_orthogonal", "pretrained", "uniform_unit_scaling_initializer", "xavier_initializer",
        "xavier_initializer_conv2d", "contrib_variance_scaling", "numpy_snippet",
        "stft", "STFTInitializer", "constant_initializer",
    ];

    [Fact]
    public void ListsEveryClassWithFormulaAndAliases()
    {
        string output = CliRunner.Ok("list");
        string[] lines = output.Split('\n');
        foreach (string name in ClassNames)
        {
            int at = Array.FindIndex(lines, l => l.StartsWith(name + "(", StringComparison.Ordinal));
            Assert.True(at >= 0, $"{name} is not listed");
            Assert.StartsWith("    formula: ", lines[at + 1], StringComparison.Ordinal);
            Assert.StartsWith("    aliases: ", lines[at + 2], StringComparison.Ordinal);
        }

        var listedAliases = lines.Where(l => l.StartsWith("    aliases: ", StringComparison.Ordinal))
            .SelectMany(l => l["    aliases: ".Length..].Split(", ", StringSplitOptions.TrimEntries)).ToHashSet();
        foreach (string alias in Aliases)
        {
            Assert.Contains(alias, listedAliases);
        }
    }

    [Fact]
    public void ShowsKerasDefaults()
    {
        string output = CliRunner.Ok("list");
        Assert.Contains("RandomNormal(seed=null, mean=0", output, StringComparison.Ordinal);
        Assert.Contains("stddev=0.05", output, StringComparison.Ordinal);
        Assert.Contains("VarianceScaling(seed=null, scale=1", output, StringComparison.Ordinal);
        Assert.Contains("mode=\"fan_in\"", output, StringComparison.Ordinal);
        Assert.Contains("distribution=\"truncated_normal\"", output, StringComparison.Ordinal);
        Assert.Contains("sparsity (required)", output, StringComparison.Ordinal);
        Assert.Contains("path (required)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonListingHasEveryClassAndItsAliases()
    {
        using var document = JsonDocument.Parse(CliRunner.Ok("list", "--json"));
        var entries = document.RootElement.GetProperty("initializers").EnumerateArray().ToList();
        Assert.Equal(ClassNames.Order(StringComparer.Ordinal), entries.Select(e => e.GetProperty("class_name").GetString()!).Order(StringComparer.Ordinal));
        var aliases = entries.SelectMany(e => e.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!)).ToHashSet();
        Assert.Superset(Aliases.ToHashSet(), aliases);
        foreach (var entry in entries)
        {
            Assert.False(string.IsNullOrWhiteSpace(entry.GetProperty("formula").GetString()));
            Assert.Contains(entry.GetProperty("module").GetString(), new[] { "keras.initializers", "tfinit.initializers" });
        }

        var he = entries.Single(e => e.GetProperty("class_name").GetString() == "HeNormal");
        Assert.Equal("keras.initializers", he.GetProperty("module").GetString());
        Assert.Contains("he_normal", he.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public void ListsOneLinePerPythonFormOfEveryFamily()
    {
        string[] lines = CliRunner.Ok("list").Split('\n');
        string[] expected =
        [
            "[TF 1.x] tf.truncated_normal_initializer(mean=0.0, stddev=1.0, seed=None, dtype=tf.float32)  ->  TruncatedNormal",
            "[TF 1.x] tf.random_uniform_initializer(minval=0, maxval=None, seed=None, dtype=tf.float32)  ->  RandomUniform",
            "[TF 1.x] tf.uniform_unit_scaling_initializer(factor=1.0, seed=None, dtype=tf.float32)  ->  UniformUnitScaling",
            "[TF 1.x contrib] tf.contrib.layers.xavier_initializer(uniform=True, seed=None, dtype=tf.float32)  ->  XavierInitializer",
            "[TF 1.x contrib] tf.contrib.layers.variance_scaling_initializer(factor=2.0, mode='FAN_IN', uniform=False, seed=None, dtype=tf.float32)  ->  ContribVarianceScaling",
            "[Keras 3 / tf.keras] keras.initializers.HeNormal(seed=None, input_axes=None, output_axes=None)  ->  HeNormal",
            "[PyTorch] torch.nn.init.kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None)  ->  KaimingNormal",
            "[JAX] jax.nn.initializers.variance_scaling(scale, mode, distribution, in_axis=-2, out_axis=-1, batch_axis=(), dtype=jnp.float_)  ->  VarianceScaling",
            "[numpy] numpy lines: W = tf.Variable(np.random.randn(n_in, n_out) * np.sqrt(2/n_in))",
        ];
        foreach (string start in expected)
        {
            Assert.Contains(lines, l => l.TrimStart().StartsWith(start, StringComparison.Ordinal));
        }

        using var document = JsonDocument.Parse(CliRunner.Ok("list", "--json"));
        var forms = document.RootElement.GetProperty("python_forms").EnumerateArray().ToList();
        Assert.Equal(lines.Count(l => l.StartsWith("  [", StringComparison.Ordinal)), forms.Count);
        Assert.Equal(["JAX", "Keras 3 / tf.keras", "PyTorch", "TF 1.x", "TF 1.x contrib", "numpy"],
            forms.Select(f => f.GetProperty("family").GetString()!).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void HelpExitsZero()
    {
        Assert.Contains("tfinit init", CliRunner.Ok("--help"), StringComparison.Ordinal);
        Assert.Contains("tfinit list", CliRunner.Ok("list", "--help"), StringComparison.Ordinal);
        Assert.Contains("--shape", CliRunner.Ok("init", "--help"), StringComparison.Ordinal);
    }
}
