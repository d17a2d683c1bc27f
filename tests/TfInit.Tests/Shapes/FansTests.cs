using System.Text.Json;
using TfInit.Shapes;
using TfInit.Tests.Support;

namespace TfInit.Tests.Shapes;

/// <summary>
/// Fans against the reference definitions. Keras compute_fans: rank 0 (1, 1); rank 1 (n, n); rank 2
/// (shape[0], shape[1]); higher ranks rf = prod(shape[:-2]), (shape[-2] * rf, shape[-1] * rf). PyTorch
/// _calculate_fan_in_and_fan_out: rank &lt; 2 is an error; rf = prod(shape[2:]), (shape[1] * rf, shape[0] * rf).
/// JAX _compute_fans(in_axis, out_axis, batch_axis): rf = size / (in * out * batch), (in * rf, out * rf).
/// The tables below were worked out by hand from those definitions; one test also re-runs the definitions in Python.
/// </summary>
public sealed class FansTests
{
    public static TheoryData<int[], long, long> KerasTable() => new()
    {
        { [], 1, 1 },
        { [7], 7, 7 },
        { [5, 3], 5, 3 },
        { [256, 128], 256, 128 },
        { [4, 5, 6], 20, 24 },               // rf 4
        { [3, 3, 16, 8], 144, 72 },          // rf 9
        { [3, 3, 32, 64], 288, 576 },
        { [2, 3, 4, 5, 6], 120, 144 },       // rf 24
        { [1, 1, 1, 1, 1], 1, 1 },
    };

    public static TheoryData<int[], long, long> TorchTable() => new()
    {
        { [5, 3], 3, 5 },                    // Linear(in=3, out=5).weight
        { [128, 256], 256, 128 },
        { [4, 5, 6], 30, 24 },               // Conv1d: rf 6
        { [8, 16, 3, 3], 144, 72 },          // Conv2d: rf 9
        { [64, 32, 3, 3], 288, 576 },
        { [6, 5, 2, 3, 4], 120, 144 },       // Conv3d: rf 24
    };

    public static TheoryData<int[], int, int, int[], long, long> AxesTable() => new()
    {
        { [4, 5], 0, 1, [], 4, 5 },
        { [4, 5], -1, -2, [], 5, 4 },
        { [3, 3, 16, 8], -2, -1, [], 144, 72 },          // JAX defaults = Keras
        { [2, 3, 4, 5], 1, 0, [], 60, 40 },              // rf = 120 / (3 * 2) = 20
        { [2, 3, 4, 5], 1, 0, [3], 12, 8 },              // batch axis 3 leaves rf = 4
        { [7, 4, 5], -2, -1, [0], 4, 5 },                // a batch of 7 dense kernels
        { [8, 3, 3, 16, 32], -2, -1, [0], 144, 288 },
        { [64, 32, 3, 3], 1, 0, [], 288, 576 },          // torch layout by axes
    };

    [Theory]
    [MemberData(nameof(KerasTable))]
    public void KerasLayoutMatchesComputeFans(int[] shape, long fanIn, long fanOut)
    {
        Assert.Equal(new Fans(fanIn, fanOut), Fans.Compute(shape));
        Assert.Equal(new Fans(fanIn, fanOut), Fans.Compute(shape, FanLayout.Keras));
    }

    [Theory]
    [MemberData(nameof(TorchTable))]
    public void TorchLayoutMatchesCalculateFanInAndFanOut(int[] shape, long fanIn, long fanOut)
    {
        Assert.Equal(new Fans(fanIn, fanOut), Fans.Compute(shape, FanLayout.Torch));
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 7 })]
    public void TorchLayoutRefusesRankBelowTwo(int[] shape)
    {
        var error = Assert.Throws<ArgumentException>(() => Fans.Compute(shape, FanLayout.Torch));
        Assert.Equal("shape", error.ParamName);
        Assert.Contains("rank", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AxesTable))]
    public void ExplicitAxesMatchJaxComputeFans(int[] shape, int inAxis, int outAxis, int[] batchAxes, long fanIn, long fanOut)
    {
        Assert.Equal(new Fans(fanIn, fanOut), Fans.Compute(shape, inAxis, outAxis, batchAxes));
        Assert.Equal(new Fans(fanIn, fanOut), new FanAxes(inAxis, outAxis, batchAxes).Compute(shape));
    }

    [Fact]
    public void TablesAgreeWithThePythonDefinitions()
    {
        // The reference functions, transcribed from keras/src/initializers/random_initializers.py,
        // torch/nn/init.py and jax/_src/nn/initializers.py.
        const string script = """
            import json, math, sys
            def keras_compute_fans(shape):
                if len(shape) < 1: return 1, 1
                if len(shape) == 1: return shape[0], shape[0]
                if len(shape) == 2: return shape[0], shape[1]
                rf = 1
                for d in shape[:-2]: rf *= d
                return shape[-2] * rf, shape[-1] * rf
            def torch_fans(shape):
                if len(shape) < 2: raise ValueError("rank < 2")
                rf = 1
                for d in shape[2:]: rf *= d
                return shape[1] * rf, shape[0] * rf
            def jax_fans(shape, in_axis, out_axis, batch_axis):
                in_size, out_size = shape[in_axis], shape[out_axis]
                batch = math.prod(shape[i] for i in batch_axis)
                rf = math.prod(shape) / in_size / out_size / batch
                return int(in_size * rf), int(out_size * rf)
            cases = json.loads(sys.argv[1])
            print(json.dumps({
                "keras": [keras_compute_fans(s) for s in cases["keras"]],
                "torch": [torch_fans(s) for s in cases["torch"]],
                "jax": [jax_fans(*c) for c in cases["jax"]],
            }))
            """;
        var keras = KerasTable().Select(row => (int[])row[0]).ToArray();
        var torch = TorchTable().Select(row => (int[])row[0]).ToArray();
        var jax = AxesTable().Select(row => new object[] { row[0], row[1], row[2], row[3] }).ToArray();
        string input = JsonSerializer.Serialize(new { keras, torch, jax });
        var result = JsonDocument.Parse(PythonRunner.Run(script, input)).RootElement;

        void Compare(string key, TheoryData<int[], long, long> table)
        {
            var rows = table.ToArray();
            var python = result.GetProperty(key).EnumerateArray().ToArray();
            Assert.Equal(rows.Length, python.Length);
            for (int i = 0; i < rows.Length; i++)
            {
                Assert.Equal((long)rows[i][1], python[i][0].GetInt64());
                Assert.Equal((long)rows[i][2], python[i][1].GetInt64());
            }
        }

        Compare("keras", KerasTable());
        Compare("torch", TorchTable());
        var axesRows = AxesTable().ToArray();
        var jaxResult = result.GetProperty("jax").EnumerateArray().ToArray();
        for (int i = 0; i < axesRows.Length; i++)
        {
            Assert.Equal((long)axesRows[i][4], jaxResult[i][0].GetInt64());
            Assert.Equal((long)axesRows[i][5], jaxResult[i][1].GetInt64());
        }
    }
}
