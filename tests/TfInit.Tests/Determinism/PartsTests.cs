using TfInit.Initializers;
using TfInit.Numerics;
using TfInit.Random;
using TfInit.Tests.Support;

namespace TfInit.Tests.Determinism;

/// <summary>
/// FillSlice and FillBlock give the same bits as the same elements of one whole fill, for every initializer and for
/// double, float, Half and bfloat16; element-wise initializers fill parts of tensors beyond int.MaxValue elements, computing only
/// the part; the others refuse parts of huge tensors with an error that says why.
/// </summary>
public sealed class PartsTests
{
    public static TheoryData<string> AllNames() => InitializerCatalog.Names(InitializerCatalog.All);

    [Theory]
    [MemberData(nameof(AllNames))]
    public void BlocksAndSlicesEqualTheSameElementsOfTheWholeFill(string name)
    {
        var entry = InitializerCatalog.Get(name);
        int[] shape = entry.Shape;
        var doubles = entry.Create(7).Generate(shape);
        var floats = entry.Create(7).GenerateSingle(shape);
        var halves = entry.Create(7).GenerateHalf(shape);
        var brains = entry.Create(7).GenerateBFloat16(shape);
        var random = new System.Random(name.Length * 17);
        for (int trial = 0; trial < 6; trial++)
        {
            // Random blocks; trial 0 is the whole tensor, trial 1 a single element.
            var offset = new long[shape.Length];
            var size = new int[shape.Length];
            for (int d = 0; d < shape.Length; d++)
            {
                size[d] = trial == 0 ? shape[d] : trial == 1 ? 1 : random.Next(1, shape[d] + 1);
                offset[d] = trial == 0 ? 0 : random.Next(0, shape[d] - size[d] + 1);
            }

            int[] indices = BlockIndices(shape, offset, size);
            var initializer = entry.Create(7);
            var d64 = new double[indices.Length];
            var f32 = new float[indices.Length];
            var f16 = new Half[indices.Length];
            var bf16 = new BFloat16[indices.Length];
            initializer.FillBlock(d64, shape, offset, size);
            initializer.FillBlock(f32, shape, offset, size);
            initializer.FillBlock(f16, shape, offset, size);
            initializer.FillBlock(bf16, shape, offset, size);
            string where = $"{name}: block at [{string.Join(",", offset)}] of [{string.Join(",", size)}]";
            Bits.Equal(indices.Select(i => doubles[i]).ToArray(), d64, where + " (float64)");
            Bits.Equal(indices.Select(i => floats[i]).ToArray(), f32, where + " (float32)");
            Bits.Equal(indices.Select(i => halves[i]).ToArray(), f16, where + " (float16)");
            Bits.Equal(indices.Select(i => brains[i]).ToArray(), bf16, where + " (bfloat16)");

            int start = random.Next(0, doubles.Length);
            int length = random.Next(0, doubles.Length - start + 1);
            var slice32 = new float[length];
            var slice16 = new Half[length];
            var sliceBf16 = new BFloat16[length];
            initializer.FillSlice(slice32, shape, start);
            initializer.FillSlice(slice16, shape, start);
            initializer.FillSlice(sliceBf16, shape, start);
            Bits.Equal(floats.AsSpan(start, length), slice32, $"{name}: float slice at {start} of {length}");
            Bits.Equal(halves.AsSpan(start, length), slice16, $"{name}: Half slice at {start} of {length}");
            Bits.Equal(brains.AsSpan(start, length), sliceBf16, $"{name}: bfloat16 slice at {start} of {length}");
        }
    }

    /// <summary>
    /// A 131072 x 16385 tensor (2,147,614,720 elements, past int.MaxValue): a slice and a block past element 2^31 hold
    /// the values the Philox stream defines for their element indices, and are computed alone (this runs in milliseconds
    /// and a few KB; the whole tensor would be 17 GB of doubles).
    /// </summary>
    [Fact]
    public void ElementWiseInitializersFillPartsOfTensorsBeyondIntMaxValue()
    {
        int[] shape = [131072, 16385];
        long offset = (1L << 31) + 3;
        var init = new RandomNormal(mean: 0.0, stddev: 0.05, seed: 11);
        var slice = new double[100];
        init.FillSlice(slice, shape, offset);
        var z = new double[100];
        new PhiloxStream(11, offset).StandardNormal(z);
        Bits.Equal(z.Select(v => 0.0 + (0.05 * v)).ToArray(), slice, "slice past 2^31");

        // A 3 x 4 block in the last rows: each of its rows is the slice at that row's flat index.
        var block = new float[12];
        init.FillBlock(block, shape, [131069, 16381], [3, 4]);
        for (int r = 0; r < 3; r++)
        {
            var row = new float[4];
            init.FillSlice(row, shape, ((131069L + r) * 16385) + 16381);
            Bits.Equal(row, block.AsSpan(4 * r, 4), $"block row {r}");
        }
    }

    [Fact]
    public void NonElementWiseInitializersRefusePartsOfHugeTensorsWithTheReason()
    {
        var error = Assert.Throws<ArgumentException>(() => new Orthogonal(seed: 1).FillBlock(new float[4], [16384, 8192], [0, 0], [2, 2]));
        Assert.Contains("Orthogonal is not element-wise", error.Message, StringComparison.Ordinal);
        Assert.Contains("134217728", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BlocksThatWouldHoldInfAreRefusedAsWholeFillsAre()
    {
        // 1e39 is beyond float's range: a block, like the whole fill and a slice, must refuse it naming the parameter and
        // the element's index in the whole tensor (row 3, column 2 of an 8-column tensor: 26).
        var init = new Constant(1e39);
        var whole = Assert.Throws<ArgumentException>(() => init.Fill(new float[64], [8, 8]));
        var block = Assert.Throws<ArgumentException>(() => init.FillBlock(new float[4], [8, 8], [3, 2], [2, 2]));
        Assert.Equal("value", block.ParamName);
        Assert.Equal(whole.ParamName, block.ParamName);
        Assert.Contains("at index 26:", block.Message, StringComparison.Ordinal);
        Assert.Contains("value=1E+39 is too large for float32", block.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadBlocksAreRefusedNamingTheProblem()
    {
        var init = new GlorotUniform(seed: 1);
        var rank = Assert.Throws<ArgumentException>(() => init.FillBlock(new float[4], [8, 8], [0], [2, 2]));
        Assert.Contains("one offset and one size per axis", rank.Message, StringComparison.Ordinal);
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => init.FillBlock(new float[4], [8, 8], [7, 0], [2, 2]));
        Assert.Contains("Axis 0 of the block, offset 7 and size 2, does not lie inside dimension 8", outside.Message, StringComparison.Ordinal);
        var length = Assert.Throws<ArgumentException>(() => init.FillBlock(new float[5], [8, 8], [0, 0], [2, 2]));
        Assert.Contains("holds 5 elements but the block (2, 2) has 4", length.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => init.FillSlice(new float[10], [8, 8], 60));
    }

    /// <summary>Row-major flat indices of the block's elements, in the block's own row-major order.</summary>
    private static int[] BlockIndices(int[] shape, long[] offset, int[] size)
    {
        var result = new List<int>();
        var index = new int[shape.Length];
        int count = size.Aggregate(1, (a, b) => a * b);
        for (int n = 0; n < count; n++)
        {
            int flat = 0;
            for (int d = 0; d < shape.Length; d++)
            {
                flat = (flat * shape[d]) + (int)offset[d] + index[d];
            }

            result.Add(flat);
            for (int d = shape.Length - 1; d >= 0 && ++index[d] == size[d]; d--)
            {
                index[d] = 0;
            }
        }

        return [.. result];
    }
}
