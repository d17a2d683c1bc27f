using TfInit.Initializers;
using TfInit.PythonCode;
using TfInit.Serialization;
using TfInit.Shapes;

namespace TfInit.Tests.PythonCode;

/// <summary>
/// Each accepted Python form becomes the intended TfInit class with the intended arguments and layout: the parsed
/// initializer's Keras JSON equals the JSON of the class built directly (seed None on both sides), and for seeded
/// forms the values equal the direct class's.
/// </summary>
public sealed class PythonFormsTests
{
    private static readonly Dictionary<string, Func<Initializer>> Cases = new()
    {
        // Keras 3 / tf.keras: class names, snake_case names, positional arguments in Keras's order, every prefix.
        ["keras.initializers.HeNormal(seed=42)"] = () => new HeNormal(42),
        ["keras.initializers.he_normal()"] = () => new HeNormal(),
        ["initializers.GlorotUniform(7)"] = () => new GlorotUniform(7),
        ["tf.keras.initializers.VarianceScaling(scale=2.0, mode=\"fan_in\", distribution=\"untruncated_normal\")"] = () => new VarianceScaling(2.0, "fan_in", "untruncated_normal"),
        ["tf.keras.initializers.VarianceScaling(2.0, 'fan_out', 'uniform', 3)"] = () => new VarianceScaling(2.0, "fan_out", "uniform", 3),
        ["tf.initializers.RandomNormal(0.1, 0.2)"] = () => new RandomNormal(0.1, 0.2),
        ["tf.initializers.random_normal()"] = () => new RandomNormal(0.0, 0.05),
        ["tf.compat.v1.keras.initializers.TruncatedNormal(stddev=0.02)"] = () => new TruncatedNormal(0.0, 0.02),
        ["keras.initializers.Orthogonal(gain=2)"] = () => new Orthogonal(2.0),
        ["keras.initializers.Constant(3)"] = () => new Constant(3.0),
        ["keras.initializers.Identity(gain=0.5)"] = () => new Identity(0.5),
        ["keras.initializers.Zeros()"] = () => new Zeros(),

        // TF 1.x, TF 1.15 defaults (stddev 1.0, U[0, 1)), also under tf.compat.v1. and tf.compat.v1.initializers.
        ["tf.zeros_initializer()"] = () => new Zeros(),
        ["tf.ones_initializer(dtype=tf.float32)"] = () => new Ones(),
        ["tf.constant_initializer(0.1)"] = () => new Constant(0.1),
        ["tf.random_normal_initializer()"] = () => new RandomNormal(0.0, 1.0),
        ["tf.random_normal_initializer(mean=0.0, stddev=1.0)"] = () => new RandomNormal(0.0, 1.0),
        ["tf.compat.v1.random_normal_initializer(stddev=0.01, seed=5)"] = () => new RandomNormal(0.0, 0.01, 5),
        ["tf.truncated_normal_initializer(mean=0.0, stddev=1.0)"] = () => new TruncatedNormal(0.0, 1.0),
        ["tf.truncated_normal_initializer(stddev=0.1)"] = () => new TruncatedNormal(0.0, 0.1),
        ["tf.random_uniform_initializer()"] = () => new RandomUniform(0.0, 1.0),
        ["tf.random_uniform_initializer(minval=0, maxval=None)"] = () => new RandomUniform(0.0, 1.0),
        ["tf.random_uniform_initializer(-0.5, 0.5)"] = () => new RandomUniform(-0.5, 0.5),
        ["tf.uniform_unit_scaling_initializer(factor=1.0)"] = () => new UniformUnitScaling(1.0),
        ["tf.compat.v1.uniform_unit_scaling_initializer(1.43)"] = () => new UniformUnitScaling(1.43),
        ["tf.orthogonal_initializer(gain=1.0)"] = () => new Orthogonal(1.0),
        ["tf.glorot_uniform_initializer()"] = () => new GlorotUniform(),
        ["tf.glorot_normal_initializer(seed=1)"] = () => new GlorotNormal(1),
        ["tf.variance_scaling_initializer(scale=1.0, mode=\"fan_in\", distribution=\"truncated_normal\")"] = () => new VarianceScaling(1.0, "fan_in", "truncated_normal"),
        ["tf.variance_scaling_initializer(2.0, 'fan_avg', 'normal')"] = () => new VarianceScaling(2.0, "fan_avg", "truncated_normal"),
        ["tf.compat.v1.initializers.variance_scaling(distribution='uniform')"] = () => new VarianceScaling(1.0, "fan_in", "uniform"),
        ["tf.compat.v1.initializers.random_normal()"] = () => new RandomNormal(0.0, 1.0),
        ["tf.contrib.layers.xavier_initializer()"] = () => new XavierInitializer(true),
        ["tf.contrib.layers.xavier_initializer(uniform=False)"] = () => new XavierInitializer(false),
        ["tf.contrib.layers.xavier_initializer_conv2d(uniform=True, seed=3)"] = () => new XavierInitializer(true, 3),
        ["tf.contrib.layers.variance_scaling_initializer(factor=2.0, mode='FAN_IN', uniform=False)"] = () => new ContribVarianceScaling(2.0, "FAN_IN", false),
        ["tf.contrib.layers.variance_scaling_initializer()"] = () => new ContribVarianceScaling(),
        ["import tensorflow.compat.v1 as tf\ntf.truncated_normal_initializer(stddev=0.5)"] = () => new TruncatedNormal(0.0, 0.5),
        ["from tensorflow.contrib.layers import xavier_initializer\nxavier_initializer(False)"] = () => new XavierInitializer(false),

        // PyTorch: the tensor is a name; fan-reading forms take the torch layout.
        ["torch.nn.init.kaiming_normal_(w, a=0, mode='fan_out', nonlinearity='relu')"] = () => new KaimingNormal(0, "fan_out", "relu") { Layout = FanLayout.Torch },
        ["nn.init.kaiming_uniform_(w)"] = () => new KaimingUniform() { Layout = FanLayout.Torch },
        ["nn.init.xavier_uniform_(w, gain=nn.init.calculate_gain('tanh'))"] = () => new XavierUniform(5.0 / 3) { Layout = FanLayout.Torch },
        ["nn.init.xavier_normal_(w, gain=nn.init.calculate_gain('leaky_relu', 0.2))"] = () => new XavierNormal(Math.Sqrt(2.0 / (1 + (0.2 * 0.2)))) { Layout = FanLayout.Torch },
        ["torch.nn.init.trunc_normal_(w, std=0.02)"] = () => new TruncNormal(0.0, 0.02, -2.0, 2.0),
        ["torch.nn.init.normal_(w, 0.0, 0.01)"] = () => new RandomNormal(0.0, 0.01),
        ["torch.nn.init.uniform_(w, a=-0.1, b=0.1)"] = () => new RandomUniform(-0.1, 0.1),
        ["torch.nn.init.orthogonal_(w, gain=2)"] = () => new Orthogonal(2.0) { Layout = FanLayout.Torch },
        ["torch.nn.init.sparse_(w, sparsity=0.1)"] = () => new Sparse(0.1, 0.01) { Layout = FanLayout.Torch },
        ["torch.nn.init.dirac_(w, groups=2)"] = () => new Dirac(2) { Layout = FanLayout.Torch },
        ["torch.nn.init.eye_(w)"] = () => new Eye(),
        ["torch.nn.init.constant_(w, 0.3)"] = () => new Constant(0.3),
        ["torch.nn.init.zeros_(w)"] = () => new Zeros(),
        ["torch.nn.init.ones_(tensor=w)"] = () => new Ones(),
        ["from torch.nn import init\ninit.kaiming_normal_(weight, nonlinearity='relu')"] = () => new KaimingNormal(0, "fan_in", "relu") { Layout = FanLayout.Torch },

        // JAX: distribution "normal" is untruncated; explicit axes become FanAxes.
        ["jax.nn.initializers.variance_scaling(2.0, \"fan_in\", \"truncated_normal\", in_axis=-2, out_axis=-1)"] = () => new VarianceScaling(2.0, "fan_in", "truncated_normal") { Axes = new FanAxes(-2, -1) },
        ["jax.nn.initializers.variance_scaling(1.0, 'fan_avg', 'normal')"] = () => new VarianceScaling(1.0, "fan_avg", "untruncated_normal"),
        ["jax.nn.initializers.variance_scaling(1.0, 'fan_geo_avg', 'uniform', in_axis=1, out_axis=0, batch_axis=(2,))"] = () => new VarianceScaling(1.0, "fan_geo_avg", "uniform") { Axes = new FanAxes(1, 0, 2) },
        ["jax.nn.initializers.he_normal()"] = () => new HeNormal(),
        ["jax.nn.initializers.kaiming_uniform()"] = () => new HeUniform(),
        ["jax.nn.initializers.glorot_uniform()"] = () => new GlorotUniform(),
        ["jax.nn.initializers.variance_scaling(2.0, 'fan_in', 'truncated_normal', in_axis=(0, 1), out_axis=-1)"] = () => new VarianceScaling(2.0, "fan_in", "truncated_normal") { Axes = new FanAxes([0, 1], [-1], []) },
        ["jax.nn.initializers.xavier_normal(in_axis=0, out_axis=1)"] = () => new GlorotNormal() { Axes = new FanAxes(0, 1) },
        ["jax.nn.initializers.lecun_normal()"] = () => new LecunNormal(),
        ["jax.nn.initializers.lecun_uniform()"] = () => new LecunUniform(),
        ["jax.nn.initializers.orthogonal()"] = () => new Orthogonal(1.0),
        ["jax.nn.initializers.delta_orthogonal(scale=2.0)"] = () => new DeltaOrthogonal(2.0),
        ["jax.nn.initializers.normal(0.02)"] = () => new RandomNormal(0.0, 0.02),
        ["jax.nn.initializers.normal()"] = () => new RandomNormal(0.0, 0.01),
        ["jax.nn.initializers.truncated_normal(0.02)"] = () => new TruncatedNormal(0.0, 0.02),
        ["jax.nn.initializers.truncated_normal(stddev=0.5, lower=-1.0, upper=3.0)"] = () => new TruncNormal(0.0, 0.5, -0.5, 1.5),
        ["jax.nn.initializers.uniform(scale=0.1)"] = () => new RandomUniform(0.0, 0.1),
        ["jax.nn.initializers.constant(0.5)"] = () => new Constant(0.5),
        ["jax.nn.initializers.zeros"] = () => new Zeros(),
        ["from jax.nn import initializers\ninitializers.ones"] = () => new Ones(),

        // Arithmetic in arguments, assignments and comments.
        ["std = 1 / math.sqrt(784)  # LeCun\ntf.random_normal_initializer(stddev=std)"] = () => new RandomNormal(0.0, 1 / Math.Sqrt(784)),
        ["init = keras.initializers.RandomUniform(minval=-2**-3, maxval=0.5 * (1 + 0.5)); init"] = () => new RandomUniform(-0.125, 0.75),
    };

    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        foreach (string code in Cases.Keys)
        {
            data.Add(code);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void FormBecomesTheIntendedInitializer(string code)
    {
        var expected = Cases[code]();
        var parsed = PythonInitializers.Parse(code);
        Assert.Equal(expected.GetType(), parsed.GetType());
        Assert.Equal(KerasJson.Serialize(expected), KerasJson.Serialize(parsed));
        Assert.Equal(KerasJson.Serialize(expected), KerasJson.Serialize(KerasJson.Deserialize(code)));
    }

    [Fact]
    public void SeededFormsGiveTheDirectClassesValues()
    {
        int[] shape = [3, 3, 16, 32];
        Assert.Equal(new TruncatedNormal(0.0, 0.1, 9).Generate(shape), PythonInitializers.Parse("tf.truncated_normal_initializer(stddev=0.1, seed=9)").Generate(shape));
        Assert.Equal(new ContribVarianceScaling(2.0, "FAN_IN", false, 4).Generate(shape),
            PythonInitializers.Parse("tf.contrib.layers.variance_scaling_initializer(seed=4)").Generate(shape));
    }

    [Fact]
    public void PyTorchFormsReadFansInTheTorchLayout()
    {
        // kaiming_normal_(mode='fan_out') on a torch Conv2d weight [64, 32, 3, 3]: fan_out = 64 * 9.
        var kaiming = (VarianceScaling)PythonInitializers.Parse("torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')");
        Assert.Equal(576, kaiming.FanFor([64, 32, 3, 3]));
        Assert.Equal(FanLayout.Torch, kaiming.Layout);
        var keras = (VarianceScaling)PythonInitializers.Parse("keras.initializers.HeNormal()");
        Assert.Equal(FanLayout.Keras, keras.Layout);
        Assert.Equal(3 * 3 * 32, keras.FanFor([3, 3, 32, 64]));
    }

    [Fact]
    public void TorchOrthogonalFlattensAsPyTorchDoes()
    {
        // torch.nn.init.orthogonal_ on a conv weight [4, 2, 3, 3] views it as (4, 18): the 4 rows are orthonormal.
        double[] w = ((RandomInitializer)PythonInitializers.Parse("torch.nn.init.orthogonal_(w, gain=2)")).WithSeed(3).Generate(4, 2, 3, 3);
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                double dot = Enumerable.Range(0, 18).Sum(k => w[i * 18 + k] * w[j * 18 + k]);
                Assert.Equal(i == j ? 4.0 : 0.0, dot, 1e-12);   // gain 2: rows of norm 2
            }
        }
    }

    [Fact]
    public void JaxTupleAxesGiveTheFansOfTheirProducts()
    {
        // in_axis=(0, 1), out_axis=-1 on [4, 5, 6, 7]: the unnamed axis (6) is the receptive field, so fan_in = 4 * 5 * 6,
        // as the same config in JSON (JAX's testVarianceScalingMultiAxis form) gives.
        var parsed = (VarianceScaling)PythonInitializers.Parse("jax.nn.initializers.variance_scaling(2.0, 'fan_in', 'truncated_normal', in_axis=(0, 1), out_axis=-1)");
        var json = (VarianceScaling)KerasJson.Deserialize("""{"class_name": "VarianceScaling", "config": {"scale": 2.0, "mode": "fan_in", "distribution": "truncated_normal", "in_axis": [0, 1], "out_axis": -1}}""");
        Assert.Equal(json.FanFor([4, 5, 6, 7]), parsed.FanFor([4, 5, 6, 7]));
        Assert.Equal(120, parsed.FanFor([4, 5, 6, 7]));
    }

    [Fact]
    public void BareNamesAndJsonStillGoToTheRegistry()
    {
        Assert.IsType<HeNormal>(KerasJson.Deserialize("he_normal"));
        Assert.IsType<GlorotUniform>(KerasJson.Deserialize("""{"class_name": "GlorotUniform", "config": {"seed": 1}}"""));
        Assert.False(PythonInitializers.IsCode("he_normal"));
        Assert.True(PythonInitializers.IsCode("he_normal()"));
        Assert.True(PythonInitializers.IsCode("jax.nn.initializers.zeros"));
    }

    [Fact]
    public void NumpyLinesBecomeASnippetThatKeepsThePythonText()
    {
        const string code = "W = tf.Variable(np.random.randn(n_in, n_out) * 0.01)";
        var snippet = Assert.IsType<NumPySnippet>(KerasJson.Deserialize(code));
        Assert.Equal(code, snippet.Code);
        Assert.Equal(code, snippet.GetConfig()["code"]);
        var again = Assert.IsType<NumPySnippet>(KerasJson.Deserialize(KerasJson.Serialize(new NumPySnippet(code, 3))));
        Assert.Equal(new NumPySnippet(code, 3).Generate(64, 32), again.Generate(64, 32));
        Assert.Contains("\"class_name\":\"NumPySnippet\"", KerasJson.Serialize(snippet), StringComparison.Ordinal);
        const string quoted = "n = (n_in + n_out) * 0.5; W = np.random.uniform(low=-1/n, high=1/n, size=shape) # 'Xavier'";
        Assert.Contains("\"code\":\"n = (n_in + n_out) * 0.5; W = np.random.uniform(low=-1/n, high=1/n, size=shape) # 'Xavier'\"",
            KerasJson.Serialize(new NumPySnippet(quoted)), StringComparison.Ordinal);
    }

    [Fact]
    public void GetVariableFillsTheShapeWithItsInitializer()
    {
        // TF 1.x's tf.get_variable(name, shape, initializer=...) inside numpy lines: the initializer draws from the snippet's stream.
        var snippet = new NumPySnippet("W = tf.get_variable('W', shape=[n_in, n_out], initializer=tf.contrib.layers.xavier_initializer())", 11);
        var direct = new XavierInitializer(true, 11);
        Assert.Equal(direct.Generate(new TfInit.Random.NumPyRandomState(11), 20, 10), snippet.Generate(new TfInit.Random.NumPyRandomState(11), 20, 10));
    }
}
