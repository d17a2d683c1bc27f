using TfInit.Initializers;
using TfInit.Tests.Support;

namespace TfInit.Tests.Initializers;

/// <summary>Keras Zeros, Ones and Constant(value): every element equals the value, on any shape (scalars included).</summary>
public sealed class ConstantInitializerTests
{
    public static TheoryData<int[]> Shapes() => new() { Array.Empty<int>(), new[] { 7 }, new[] { 2, 3, 4 }, new[] { 3, 3, 16, 8 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ZerosOnesAndConstantAreExact(int[] shape)
    {
        int count = Matrix.Product(shape);
        Bits.Equal(Enumerable.Repeat(0.0, count).ToArray(), new Zeros().Generate(shape), "Zeros");
        Bits.Equal(Enumerable.Repeat(1.0, count).ToArray(), new Ones().Generate(shape), "Ones");
        Bits.Equal(Enumerable.Repeat(0.0, count).ToArray(), new Constant().Generate(shape), "Constant()");
        Bits.Equal(Enumerable.Repeat(0.37, count).ToArray(), new Constant(0.37).Generate(shape), "Constant(0.37)");
        Bits.Equal(Enumerable.Repeat(-2.5, count).ToArray(), new Constant(-2.5).Generate(shape), "Constant(-2.5)");
        Bits.Equal(Enumerable.Repeat(0.37f, count).ToArray(), new Constant(0.37).GenerateSingle(shape), "Constant(0.37) float32");
    }

    [Fact]
    public void SlicesAreExactToo()
    {
        var slice = new double[5];
        new Constant(4.25).FillSlice(slice, [4, 4], 9);
        Bits.Equal(Enumerable.Repeat(4.25, 5).ToArray(), slice, "Constant slice");
        new Ones().FillSlice(slice, [4, 4], 0);
        Bits.Equal(Enumerable.Repeat(1.0, 5).ToArray(), slice, "Ones slice");
        new Zeros().FillSlice(slice, [4, 4], 11);
        Bits.Equal(Enumerable.Repeat(0.0, 5).ToArray(), slice, "Zeros slice");
    }

    [Fact]
    public void FillOverwritesWhateverWasThere()
    {
        var buffer = Enumerable.Repeat(double.NaN, 12).ToArray();
        new Zeros().Fill(buffer, [3, 4]);
        Assert.All(buffer, v => Assert.Equal(0L, BitConverter.DoubleToInt64Bits(v)));
    }
}
