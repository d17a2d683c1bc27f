using TfInit.Initializers;
using TfInit.Tests.Support;

namespace TfInit.Tests.Initializers;

/// <summary>The fill passes equal their scalar definitions bit for bit, at every length (vector body and scalar tail).</summary>
public sealed class ElementwiseTests
{
    public static TheoryData<int> Lengths => [0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 33, 100];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void PassesEqualTheirScalarForms(int length)
    {
        var random = new System.Random(length);
        double[] x = Enumerable.Range(0, length).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-30, 30))).ToArray();
        if (length > 2)
        {
            x[1] = -0.0;
            x[2] = 1.0 + Math.Pow(2, -24); // a tie between two floats: to even
        }

        double[] scaled = (double[])x.Clone();
        Elementwise.Scale(scaled, 0.1);
        Bits.Equal(x.Select(v => v * 0.1).ToArray(), scaled, "Scale");

        double[] shifted = (double[])x.Clone();
        Elementwise.ScaleShift(shifted, 0.3, -0.7);
        Bits.Equal(x.Select(v => (v * 0.3) + -0.7).ToArray(), shifted, "ScaleShift");

        var narrowed = new float[length];
        Elementwise.Narrow(x, narrowed);
        Bits.Equal(x.Select(v => (float)v).ToArray(), narrowed, "Narrow");
    }
}
