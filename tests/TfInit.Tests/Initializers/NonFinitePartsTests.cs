using TfInit.Initializers;
using TfInit.Serialization;

namespace TfInit.Tests.Initializers;

/// <summary>
/// Issue 17: a part of a tensor (FillSlice, FillBlock) whose parameters overflow the dtype is refused exactly as the whole
/// fill is: the same exception type, parameter name and message, the index being the element's place in the whole tensor.
/// </summary>
public sealed class NonFinitePartsTests
{
    public static TheoryData<string, string> Overflowing => new()
    {
        { """{"class_name":"Constant","config":{"value":1e39}}""", "value" },
        { """{"class_name":"RandomNormal","config":{"mean":1e308,"seed":7}}""", "mean" },
        { """{"class_name":"RandomNormal","config":{"stddev":1e308,"seed":7}}""", "stddev" },
        { """{"class_name":"RandomUniform","config":{"maxval":1e308,"seed":7}}""", "maxval" },
        { """{"class_name":"TruncatedNormal","config":{"stddev":1e308,"seed":7}}""", "stddev" },
        { """{"class_name":"VarianceScaling","config":{"scale":1e308,"seed":7}}""", "scale" },
        { """{"class_name":"Orthogonal","config":{"gain":1e308,"seed":7}}""", "gain" },
        { """{"class_name":"Identity","config":{"gain":1e308}}""", "gain" },
    };

    [Theory]
    [MemberData(nameof(Overflowing))]
    public void AWholeBlockIsRefusedWithTheWholeFillsMessage(string json, string parameter)
    {
        int[] shape = [4, 4];
        var whole = Assert.ThrowsAny<ArgumentException>(() => KerasJson.Deserialize(json).Fill(new float[16], shape));
        Assert.Equal(parameter, whole.ParamName);
        var block = Assert.ThrowsAny<ArgumentException>(() => KerasJson.Deserialize(json).FillBlock(new float[16], shape, [0, 0], [4, 4]));
        var slice = Assert.ThrowsAny<ArgumentException>(() => KerasJson.Deserialize(json).FillSlice(new float[16], shape, 0));
        Assert.Equal(whole.Message, block.Message);
        Assert.Equal(whole.Message, slice.Message);
    }

    [Theory]
    [MemberData(nameof(Overflowing))]
    public void EveryBlockHoldingABadElementIsRefusedNamingItsPlaceInTheWholeTensor(string json, string parameter)
    {
        int[] shape = [4, 6];
        // Which elements are bad, one element at a time (a slice of one is checked alone).
        bool[] isBad = [.. Enumerable.Range(0, 24).Select(i => Throws(() => KerasJson.Deserialize(json).FillSlice(new float[1], shape, i)))];
        for (int row = 0; row < 4; row++)
        {
            for (int col = 0; col < 6; col += 2)
            {
                // A 1x2 block at (row, col): refused exactly when one of its two elements is not finite in float32.
                int first = (row * 6) + col;
                int bad = isBad[first] ? first : isBad[first + 1] ? first + 1 : -1;
                // A non-element-wise initializer cuts parts from its whole fill, which is refused at its first bad element.
                var initializer = KerasJson.Deserialize(json);
                var fill = () => initializer.FillBlock(new float[2], shape, [row, col], [1, 2]);
                if (!initializer.FillsPartsAlone)
                {
                    bad = Array.IndexOf(isBad, true);
                }

                if (bad < 0)
                {
                    fill();
                    continue;
                }

                var e = Assert.ThrowsAny<ArgumentException>(fill);
                Assert.Equal(parameter, e.ParamName);
                Assert.Contains($"at index {bad}:", e.Message);
                Assert.Contains("too large for float32", e.Message);
            }
        }
    }

    private static bool Throws(Action fill)
    {
        try
        {
            fill();
            return false;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    [Fact]
    public void DoubleAndHalfBlocksAreRefusedToo()
    {
        var normal = new RandomNormal(0, 1e308, seed: 3);
        var d = Assert.ThrowsAny<ArgumentException>(() => normal.FillBlock(new double[64], [8, 8], [0, 0], [8, 8]));
        Assert.Equal(d.Message, Assert.ThrowsAny<ArgumentException>(() => normal.Fill(new double[64], [8, 8])).Message);
        var constant = new Constant(1e5);   // beyond Half's 65504: refused by the rounding, whole or in parts
        var h = Assert.ThrowsAny<ArgumentException>(() => constant.FillBlock(new Half[16], [4, 4], [0, 0], [4, 4]));
        Assert.Equal(h.Message, Assert.ThrowsAny<ArgumentException>(() => constant.Fill(new Half[16], [4, 4])).Message);
        Assert.ThrowsAny<ArgumentException>(() => constant.FillBlock(new Half[4], [4, 4], [1, 0], [1, 4]));
    }
}
