using System.Text.Json;
using TfInit.Initializers;
using TfInit.Shapes;
using TfInit.Tests.Support;

namespace TfInit.Tests.Upstream;

/// <summary>
/// JAX's <c>tests/nn_test.py</c>, class <c>NNInitializersTest</c>, ported: each test names the upstream test it follows.
/// JAX's initializers map to TfInit's as <c>jax.nn.initializers</c> defines them: uniform(1e-2) = U[0, 0.01),
/// normal(1e-2) = N(0, 0.01^2), truncated_normal(1e-2) = N(0, 0.01^2) cut at 2 stddev, he/glorot/lecun = the Keras
/// presets (same scale, mode and distribution), orthogonal and delta_orthogonal.
/// </summary>
public sealed class JaxNnInitializersTests
{
    /// <summary>JAX's ALL_SHAPES, filtered per record by min_dims / max_dims as <c>initializer_record</c> does.</summary>
    private static readonly int[][] AllShapes = [[2], [2, 2], [2, 3], [3, 2], [2, 3, 4], [4, 3, 2], [2, 3, 4, 5]];

    /// <summary>JAX's INITIALIZER_RECS: name, initializer, min_dims, max_dims.</summary>
    private static readonly (string Name, Func<Initializer> Create, int MinDims, int MaxDims)[] Records =
    [
        ("uniform", () => new RandomUniform(0.0, 0.01, seed: 0), 1, 4),
        ("normal", () => new RandomNormal(0.0, 0.01, seed: 0), 1, 4),
        ("he_normal", () => new HeNormal(0), 2, 4),
        ("he_uniform", () => new HeUniform(0), 2, 4),
        ("glorot_normal", () => new GlorotNormal(0), 2, 4),
        ("glorot_uniform", () => new GlorotUniform(0), 2, 4),
        ("lecun_normal", () => new LecunNormal(0), 2, 4),
        ("lecun_uniform", () => new LecunUniform(0), 2, 4),
        ("orthogonal", () => new Orthogonal(seed: 0), 2, 2),
        ("truncated_normal", () => new TruncatedNormal(0.0, 0.01, seed: 0), 1, 4),
        ("delta_orthogonal", () => new DeltaOrthogonal(seed: 0), 4, 4),
    ];

    /// <summary>The floating dtypes JAX samples (jtu.dtypes.floating) that TfInit's core fills.</summary>
    private static readonly string[] Dtypes = ["float16", "float32", "float64"];

    public static TheoryData<string, int[], string> InitializerCases()
    {
        var data = new TheoryData<string, int[], string>();
        foreach (var record in Records)
        {
            foreach (int[] shape in AllShapes.Where(s => s.Length >= record.MinDims && s.Length <= record.MaxDims))
            {
                foreach (string dtype in Dtypes)
                {
                    data.Add(record.Name, shape, dtype);
                }
            }
        }

        return data;
    }

    /// <summary>
    /// Follows <c>testInitializer</c> and <c>testInitializerProvider</c>: the value has the requested shape and dtype.
    /// TfInit has no array type, so "shape" is the element count of the filled buffer and "dtype" its element type; we
    /// also require every value to be finite (JAX's test would pass a NaN-filled array; ours must not).
    /// </summary>
    [Theory]
    [MemberData(nameof(InitializerCases))]
    public void TestInitializer(string name, int[] shape, string dtype)
    {
        var initializer = Records.Single(r => r.Name == name).Create();
        int count = Shape.ElementCount(shape);
        double[] values = dtype switch
        {
            "float16" => initializer.GenerateHalf(shape).Select(h => (double)h).ToArray(),
            "float32" => initializer.GenerateSingle(shape).Select(f => (double)f).ToArray(),
            _ => initializer.Generate(shape),
        };
        Assert.Equal(count, values.Length);
        Assert.All(values, v => Assert.True(double.IsFinite(v), $"{name} {dtype} {Shape.Format(shape)}: {v}"));
    }

    /// <summary>
    /// Follows <c>testVarianceScalingMultiAxis</c>: <c>variance_scaling(1.0, 'fan_avg', 'truncated_normal', in_axis=(0, 1),
    /// out_axis=(-2, -1))</c> on (2, 3, 4, 5) gives the shape. We add the fans JAX's <c>_compute_fans</c> gives (in 6, out
    /// 20, receptive field 1, computed by the Python transcription below). The CLI command of issue 14, which crashed, is in
    /// TfInit.Cli.Tests (FanAxesCommandTests).
    /// </summary>
    [Fact]
    public void TestVarianceScalingMultiAxis()
    {
        int[] shape = [2, 3, 4, 5];
        var initializer = new VarianceScaling(1.0, "fan_avg", "truncated_normal", seed: 0) { Axes = new FanAxes([0, 1], [-2, -1], []) };
        Assert.Equal(120, initializer.GenerateSingle(shape).Length);
        Assert.Equal(JaxFans(shape, [0, 1], [-2, -1], []), initializer.FansFor(shape));

    }

    /// <summary>
    /// Follows <c>testVarianceScalingBatchAxis</c>: <c>in_axis=0, out_axis=(2, 3), batch_axis=1</c> on (2, 3, 4, 5), read
    /// from JSON as JAX spells it (integers and lists), gives the shape and JAX's fans (in 2, out 20).
    /// </summary>
    [Fact]
    public void TestVarianceScalingBatchAxis()
    {
        int[] shape = [2, 3, 4, 5];
        var initializer = Assert.IsType<VarianceScaling>(TfInit.Serialization.KerasJson.Deserialize(
            """{"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "truncated_normal", "in_axis": 0, "out_axis": [2, 3], "batch_axis": 1, "seed": 0}}"""));
        Assert.Equal(120, initializer.Generate(shape).Length);
        Assert.Equal(JaxFans(shape, [0], [2, 3], [1]), initializer.FansFor(shape));

        // The config round-trips with the tuple kept a list and the single axes integers.
        var config = JsonDocument.Parse(initializer.ToString()).RootElement.GetProperty("config");
        Assert.Equal(0, config.GetProperty("in_axis").GetInt32());
        Assert.Equal([2, 3], config.GetProperty("out_axis").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([1], config.GetProperty("batch_axis").EnumerateArray().Select(e => e.GetInt32()));
    }

    /// <summary>
    /// Follows <c>testVarianceScalingError</c>: JAX's default axes on a 1-D shape (5,) raise "Can't compute input and
    /// output sizes of a 1-dimensional weights tensor. Must be at least 2D.".
    /// </summary>
    [Fact]
    public void TestVarianceScalingError()
    {
        var initializer = new VarianceScaling(1.0, "fan_avg", "truncated_normal", seed: 0) { Axes = new FanAxes() };
        var error = Assert.ThrowsAny<ArgumentException>(() => initializer.Generate(5));
        Assert.Contains("Can't compute input and output sizes of a 1-dimensional weights tensor", error.Message, StringComparison.Ordinal);
        Assert.Equal("shape", error.ParamName);
    }

    /// <summary>JAX's <c>_compute_fans</c>, transcribed and run by the real Python (math.prod and true division, as JAX).</summary>
    private static Fans JaxFans(int[] shape, int[] inAxis, int[] outAxis, int[] batchAxis)
    {
        const string script = """
            import json, math, sys
            shape, in_axis, out_axis, batch_axis = json.loads(sys.argv[1])
            in_size = math.prod([shape[i] for i in in_axis])
            out_size = math.prod([shape[i] for i in out_axis])
            batch_size = math.prod([shape[i] for i in batch_axis])
            rf = math.prod(shape) / in_size / out_size / batch_size
            print(json.dumps([in_size * rf, out_size * rf]))
            """;
        var result = JsonDocument.Parse(PythonRunner.Run(script, JsonSerializer.Serialize(new object[] { shape, inAxis, outAxis, batchAxis }))).RootElement;
        return new Fans((long)result[0].GetDouble(), (long)result[1].GetDouble());
    }
}
