using NumSharp;
using TfInit.Initializers;
using TfInit.NumSharpBridge;
using TfInit.Random;

namespace TfInit.NumSharpBridge.Tests;

public class ToNDArrayTests
{
    [Fact]
    public void Default_is_float32_of_the_requested_shape_with_the_initializers_values()
    {
        var he = new HeNormal(seed: 42);
        NDArray a = he.ToNDArray(5, 3, 2);
        Assert.Equal(NPTypeCode.Single, a.typecode);
        Assert.Equal(new long[] { 5, 3, 2 }, a.shape.Select(d => (long)d));
        Assert.Equal(he.GenerateSingle(5, 3, 2), a.ToArray<float>());
    }

    [Fact]
    public void Float64_holds_the_double_values()
    {
        var g = new GlorotUniform(seed: 1);
        NDArray a = g.ToNDArray([3, 3, 4, 8], NPTypeCode.Double);
        Assert.Equal(NPTypeCode.Double, a.typecode);
        Assert.Equal(new long[] { 3, 3, 4, 8 }, a.shape.Select(d => (long)d));
        Assert.Equal(g.Generate(3, 3, 4, 8), a.ToArray<double>());
    }

    [Fact]
    public void Type_overload_takes_numpy_dtypes()
    {
        var o = new Orthogonal(seed: 3);
        NDArray f = o.ToNDArray(new Shape(4, 6), np.float32);
        NDArray d = o.ToNDArray(new Shape(4, 6), np.float64);
        Assert.Equal(NPTypeCode.Single, f.typecode);
        Assert.Equal(NPTypeCode.Double, d.typecode);
        Assert.Equal(o.Generate(4, 6), d.ToArray<double>());
    }

    [Fact]
    public void Other_dtypes_are_refused()
    {
        var z = new Zeros();
        Assert.Throws<ArgumentException>(() => z.ToNDArray([2, 2], NPTypeCode.Int32));
        Assert.Throws<ArgumentException>(() => z.ToNDArray(new Shape(2, 2), typeof(int)));
    }

    [Fact]
    public void Randn_times_scale_equals_numsharp_after_the_same_seed()
    {
        // Python: np.random.seed(7); W = np.random.randn(64, 32) * np.sqrt(2 / 64)
        np.random.seed(7);
        using NDArray randn = np.random.randn(64, 32);
        using NDArray scaled = randn * Math.Sqrt(2.0 / 64);
        double[] expected = scaled.ToArray<double>();
        NDArray w = new VarianceScaling(2.0, "fan_in", "untruncated_normal")
            .ToNDArray([64, 32], NPTypeCode.Double, new NumPyRandomState(7));
        Assert.Equal(expected, w.ToArray<double>());
    }

    [Fact]
    public void Small_gaussian_equals_numsharp_after_the_same_seed()
    {
        // Python: np.random.seed(3); W = np.random.randn(100, 50) * 0.01
        np.random.seed(3);
        using NDArray randn = np.random.randn(100, 50);
        using NDArray scaled = randn * 0.01;
        double[] expected = scaled.ToArray<double>();
        NDArray w = new RandomNormal(0.0, 0.01).ToNDArray([100, 50], NPTypeCode.Double, new NumPyRandomState(3));
        Assert.Equal(expected, w.ToArray<double>());
    }

    [Fact]
    public void Uniform_limit_equals_numsharp_after_the_same_seed()
    {
        // Python: np.random.seed(11); n = (30 + 20) * 0.5; l = np.sqrt(3 / n); W = np.random.uniform(-l, l, (30, 20))
        double n = (30 + 20) * 0.5, limit = Math.Sqrt(3.0 / n);
        np.random.seed(11);
        using NDArray u = np.random.uniform(-limit, limit, new Shape(30, 20));
        double[] expected = u.ToArray<double>();
        NDArray w = new VarianceScaling(1.0, "fan_avg", "uniform").ToNDArray([30, 20], NPTypeCode.Double, new NumPyRandomState(11));
        Assert.Equal(expected, w.ToArray<double>());
    }

    [Fact]
    public void Float32_is_the_float64_array_rounded_once()
    {
        var init = new RandomNormal(0.0, 0.01);
        double[] d = init.ToNDArray([10, 10], NPTypeCode.Double, new NumPyRandomState(5)).ToArray<double>();
        float[] f = init.ToNDArray([10, 10], NPTypeCode.Single, new NumPyRandomState(5)).ToArray<float>();
        Assert.Equal(d.Select(x => (float)x).ToArray(), f);
    }
}
