using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TfInit.LinearAlgebra;

namespace TfInit.Tests.LinearAlgebra;

/// <summary>
/// The QR's dot product rounds the same way on every CPU: both vector paths (the one this machine takes and the one a
/// CPU without 256-bit vectors takes) equal a scalar loop written from the documented order, bit for bit.
/// </summary>
public sealed class OrderedDotTests
{
    public static TheoryData<int> Lengths => [0, 1, 15, 16, 17, 31, 32, 100, 1023, 4096];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void DotFollowsTheDocumentedOrder(int length)
    {
        var (x, y) = Vectors(length, seed: length);
        Assert.Equal(Reference(x, y), OrderedDot.Dot(x, y));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void BothVectorWidthsGiveTheSamePartialSums(int length)
    {
        var (x, y) = Vectors(length, seed: 1000 + length);
        nuint whole = (nuint)(length & ~15);
        var narrow = OrderedDot.Narrow(ref MemoryMarshal.GetArrayDataReference(x), ref MemoryMarshal.GetArrayDataReference(y), whole);
        var wide = OrderedDot.Wide(ref MemoryMarshal.GetArrayDataReference(x), ref MemoryMarshal.GetArrayDataReference(y), whole);
        Assert.Equal(narrow.GetElement(0), wide.GetElement(0));
        Assert.Equal(narrow.GetElement(1), wide.GetElement(1));
    }

    [Fact]
    public void TheOrderIsNotTheNaiveOne()
    {
        // Values of mixed magnitude, so a different summation order would round differently: the test above could fail.
        var (x, y) = Vectors(4096, seed: 5);
        double naive = 0;
        for (int i = 0; i < x.Length; i++)
        {
            naive += x[i] * y[i];
        }

        Assert.NotEqual(naive, OrderedDot.Dot(x, y));
    }

    private static double Reference(double[] x, double[] y)
    {
        int whole = x.Length & ~15;
        var partial = new double[16];
        for (int i = 0; i < whole; i++)
        {
            partial[i % 16] += x[i] * y[i];
        }

        // Lane l of the two-lane tree ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)), a_k = (p[2k], p[2k + 1]).
        double Lane(int l) =>
            ((partial[l] + partial[2 + l]) + (partial[4 + l] + partial[6 + l]))
            + ((partial[8 + l] + partial[10 + l]) + (partial[12 + l] + partial[14 + l]));
        double sum = Lane(0) + Lane(1);
        for (int i = whole; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    private static (double[] X, double[] Y) Vectors(int length, int seed)
    {
        var random = new System.Random(seed);
        double Next() => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9));
        return (Enumerable.Range(0, length).Select(_ => Next()).ToArray(), Enumerable.Range(0, length).Select(_ => Next()).ToArray());
    }
}
