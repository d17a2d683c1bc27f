using TfInit.Initializers;
using TfInit.Keras.Layers;
using static TorchSharp.torch;

namespace TfInit.Keras.Tests;

public sealed class Conv2DTests
{
    [Fact]
    public void KernelIsKerasLayoutAndBitEqualToTheInitializer()
    {
        var conv = new Conv2D(4, (3, 2), kernelInitializer: new HeUniform(seed: 21));
        conv.Build([6, 5, 2]);

        Assert.Equal(new long[] { 3, 2, 2, 4 }, conv.Kernel.shape); // [kh, kw, in, out]
        TestData.BitEqual(new HeUniform(seed: 21).GenerateSingle(3, 2, 2, 4), TestData.Floats(conv.Kernel));
        Assert.Equal(new[] { "kernel", "bias" }, conv.Weights.Select(w => w.Name));
        Assert.Equal(3 * 2 * 2 * 4 + 4, conv.ParamCount);
        Assert.IsType<GlorotUniform>(new Conv2D(1, (1, 1)).KernelInitializer);
        Assert.IsType<Zeros>(new Conv2D(1, (1, 1)).BiasInitializer);
    }

    /// <summary>
    /// (H, W, C, filters, kh, kw, sh, sw, padding). Odd and even sizes, so "same" padding is sometimes asymmetric
    /// (e.g. H=6, k=3, s=2: pad_total 1, all of it at the bottom; W=7, k=4, s=2: pad_total 3, 1 left and 2 right).
    /// </summary>
    public static TheoryData<int, int, int, int, int, int, int, int, string> Cases() => new()
    {
        { 5, 5, 1, 1, 3, 3, 1, 1, "valid" },
        { 6, 7, 2, 3, 3, 4, 1, 1, "valid" },
        { 6, 7, 2, 3, 3, 4, 2, 2, "valid" },
        { 7, 6, 3, 2, 2, 3, 2, 1, "valid" },
        { 6, 7, 2, 3, 3, 4, 1, 1, "same" },
        { 6, 7, 2, 3, 3, 4, 2, 2, "same" },
        { 7, 6, 3, 2, 2, 3, 2, 1, "same" },
        { 5, 5, 1, 2, 4, 4, 1, 1, "same" },
        { 4, 4, 1, 1, 1, 1, 2, 2, "same" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardEqualsNaiveConvolution(int h, int w, int c, int filters, int kh, int kw, int sh, int sw, string padding)
    {
        const int batch = 2;
        var conv = new Conv2D(filters, (kh, kw), (sh, sw), padding,
            kernelInitializer: new RandomNormal(0, 1, seed: 31), biasInitializer: new RandomUniform(-1, 1, seed: 32));
        conv.Build([h, w, c]);

        // Output sizes and TensorFlow's "same" padding, computed here from the formulas.
        int oh = padding == "valid" ? ((h - kh) / sh) + 1 : (int)Math.Ceiling(h / (double)sh);
        int ow = padding == "valid" ? ((w - kw) / sw) + 1 : (int)Math.Ceiling(w / (double)sw);
        int padTop = padding == "same" ? Math.Max(((oh - 1) * sh) + kh - h, 0) / 2 : 0; // the odd pixel goes to the bottom
        int padLeft = padding == "same" ? Math.Max(((ow - 1) * sw) + kw - w, 0) / 2 : 0; // ... and to the right
        Assert.Equal(new long[] { oh, ow, filters }, conv.OutputShape);

        using var x = TestData.Normal32(33, 1.0, batch, h, w, c);
        using var y = conv.Call(x);
        Assert.Equal(new long[] { batch, oh, ow, filters }, y.shape);

        double[] xs = TestData.Values(x), k = TestData.Values(conv.Kernel), b = TestData.Values(conv.Weights[1].Value);
        var expected = new double[batch * oh * ow * filters];
        for (int n = 0; n < batch; n++)
        {
            for (int i = 0; i < oh; i++)
            {
                for (int j = 0; j < ow; j++)
                {
                    for (int o = 0; o < filters; o++)
                    {
                        double sum = b[o];
                        for (int di = 0; di < kh; di++)
                        {
                            for (int dj = 0; dj < kw; dj++)
                            {
                                int r = (i * sh) + di - padTop, q = (j * sw) + dj - padLeft;
                                if (r < 0 || r >= h || q < 0 || q >= w)
                                {
                                    continue; // zero padding
                                }

                                for (int ci = 0; ci < c; ci++)
                                {
                                    sum += xs[(((n * h) + r) * w + q) * c + ci] * k[(((di * kw) + dj) * c + ci) * filters + o];
                                }
                            }
                        }

                        expected[(((n * oh) + i) * ow + j) * filters + o] = sum;
                    }
                }
            }
        }

        // float32 sums of at most 3*4*3 = 36 products of N(0,1) values: rounding error ~ 36 * 6e-8 * |partial sums| (< 10)
        // ~ 2e-5 at worst; 1e-4 is safe, while a shifted window or a wrong padding side changes outputs by O(1).
        TestData.Close(expected, TestData.Values(y), 1e-4, $"conv {padding} s=({sh},{sw})");
    }

    [Fact]
    public void KernelThatDoesNotFitWithValidPaddingThrows()
    {
        var conv = new Conv2D(2, (5, 3));
        var e = Assert.ThrowsAny<ArgumentException>(() => conv.Build([4, 4, 1]));
        Assert.Contains("5x3", e.Message);
        Assert.False(conv.Built);

        // The same kernel fits with "same" padding: the output keeps the input's size.
        var same = new Conv2D(2, (5, 3), padding: "same");
        same.Build([4, 4, 1]);
        Assert.Equal(new long[] { 4, 4, 2 }, same.OutputShape);

        // Exactly the kernel's size is the smallest valid input: a 1x1 output.
        var exact = new Conv2D(2, (5, 3));
        exact.Build([5, 3, 1]);
        Assert.Equal(new long[] { 1, 1, 2 }, exact.OutputShape);
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        Assert.ThrowsAny<ArgumentException>(() => new Conv2D(0, (3, 3)));
        Assert.ThrowsAny<ArgumentException>(() => new Conv2D(1, (0, 3)));
        Assert.ThrowsAny<ArgumentException>(() => new Conv2D(1, (3, 3), strides: (1, 0)));
        Assert.ThrowsAny<ArgumentException>(() => new Conv2D(1, (3, 3), padding: "causal"));
        Assert.ThrowsAny<ArgumentException>(() => new Conv2D(1, (3, 3), activation: "nope"));
        Assert.ThrowsAny<ArgumentException>(() => new Conv2D(1, (3, 3)).Build([8, 8])); // needs (H, W, C)
    }
}
