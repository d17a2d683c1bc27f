using TfInit.Initializers;
using TfInit.Shapes;
using TfInit.Tests.Support;

namespace TfInit.Tests.Initializers;

/// <summary>
/// PyTorch dirac_(groups): for g &lt; groups and d &lt; min(out / groups, in), weight[g * (out / groups) + d, d,
/// k // 2, ...] = 1 and every other weight 0. TfInit's Keras layout stores the same kernel as [..spatial, in, out].
/// </summary>
public sealed class DiracTests
{
    public static TheoryData<string, int, int[]> Cases() => new()
    {
        // torch layout [out, in, ..spatial]
        { "torch", 1, [4, 4, 3] },
        { "torch", 1, [6, 4, 3, 3] },          // out > in: outputs 4 and 5 stay zero
        { "torch", 1, [3, 5, 3, 3] },          // in > out
        { "torch", 2, [8, 4, 3, 3] },          // groups 2
        { "torch", 2, [6, 5, 2, 4] },          // groups 2, even kernels, out / groups < in
        { "torch", 1, [4, 4, 3, 3, 3] },       // rank 5
        { "torch", 2, [4, 2, 5, 1, 3] },       // rank 5, groups 2
        // Keras layout [..spatial, in, out]
        { "keras", 1, [3, 4, 4] },
        { "keras", 1, [3, 3, 4, 6] },
        { "keras", 2, [3, 3, 4, 8] },
        { "keras", 2, [4, 2, 5, 6] },
        { "keras", 1, [3, 3, 3, 4, 4] },
        { "keras", 2, [3, 1, 5, 2, 4] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorchDefinition(string layout, int groups, int[] shape)
    {
        bool torch = layout == "torch";
        var dirac = new Dirac(groups) { Layout = torch ? FanLayout.Torch : FanLayout.Keras };
        Bits.Equal(Expected(shape, groups, torch), dirac.Generate(shape), $"Dirac({groups}) {layout} {string.Join("x", shape)}");
    }

    [Fact]
    public void KerasLayoutConvolutionPassesItsInputThrough()
    {
        // A 'same' cross-correlation (padding k // 2) with the Dirac kernel [3, 5, 4, 4] returns its input exactly.
        int[] shape = [3, 5, 4, 4];
        double[] w = new Dirac { Layout = FanLayout.Keras }.Generate(shape);
        const int height = 6, width = 7, channels = 4;
        var x = new double[height * width * channels];
        var random = new System.Random(2);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.NextDouble() - 0.5;
        }

        var y = new double[x.Length];
        for (int h = 0; h < height; h++)
        {
            for (int v = 0; v < width; v++)
            {
                for (int o = 0; o < channels; o++)
                {
                    double sum = 0;
                    for (int kh = 0; kh < shape[0]; kh++)
                    {
                        for (int kw = 0; kw < shape[1]; kw++)
                        {
                            int sh = h + kh - (shape[0] / 2);
                            int sv = v + kw - (shape[1] / 2);
                            if (sh < 0 || sh >= height || sv < 0 || sv >= width)
                            {
                                continue;
                            }

                            for (int i = 0; i < channels; i++)
                            {
                                sum += x[(((sh * width) + sv) * channels) + i] * w[Matrix.Ravel(shape, kh, kw, i, o)];
                            }
                        }
                    }

                    y[(((h * width) + v) * channels) + o] = sum;
                }
            }
        }

        Bits.Equal(x, y, "conv(x, dirac)");
    }

    [Fact]
    public void TorchLayoutGroupedConvolutionPassesItsInputThrough()
    {
        // PyTorch's intended use: conv1d(x, w, groups=2, padding=1) with w = dirac_(empty(8, 4, 3), groups=2) is the identity.
        int[] shape = [8, 4, 3];
        const int groups = 2, channels = 8, length = 10, perGroup = 4;
        double[] w = new Dirac(groups) { Layout = FanLayout.Torch }.Generate(shape);
        var random = new System.Random(3);
        var x = new double[channels * length];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.NextDouble() - 0.5;
        }

        var y = new double[x.Length];
        for (int o = 0; o < channels; o++)
        {
            int g = o / perGroup;
            for (int t = 0; t < length; t++)
            {
                double sum = 0;
                for (int i = 0; i < perGroup; i++)
                {
                    for (int k = 0; k < shape[2]; k++)
                    {
                        int s = t + k - (shape[2] / 2);
                        if (s >= 0 && s < length)
                        {
                            sum += x[((g * perGroup) + i) * length + s] * w[Matrix.Ravel(shape, o, i, k)];
                        }
                    }
                }

                y[(o * length) + t] = sum;
            }
        }

        Bits.Equal(x, y, "grouped conv(x, dirac)");
    }

    private static double[] Expected(int[] shape, int groups, bool torch)
    {
        var w = new double[Matrix.Product(shape)];
        int outputs = torch ? shape[0] : shape[^1];
        int inputs = torch ? shape[1] : shape[^2];
        int[] centre = (torch ? shape[2..] : shape[..^2]).Select(k => k / 2).ToArray();
        int perGroup = outputs / groups;
        for (int g = 0; g < groups; g++)
        {
            for (int d = 0; d < Math.Min(perGroup, inputs); d++)
            {
                int o = (g * perGroup) + d;
                int[] index = torch ? [o, d, .. centre] : [.. centre, d, o];
                w[Matrix.Ravel(shape, index)] = 1.0;
            }
        }

        return w;
    }
}
