using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using TfInit.Numerics;

namespace TfInit.Initializers;

/// <summary>
/// The guarantee that no fill writes Inf or NaN: parameters too large for the element type (<c>Constant(1e39)</c> in
/// float32, <c>RandomNormal(stddev=1e308)</c>) are refused with a message naming them and the type's range, instead of
/// being written as non-finite weights. The values are scanned only when they can overflow: a parameter beyond
/// 1e30 (float, bfloat16) or 1e300 (double), or values that come from outside the parameters (a file, user code).
/// </summary>
internal static class FiniteValues
{
    /// <summary>The config key with which an initializer whose values come from outside lets Inf and NaN through.</summary>
    private const string AllowKey = "allow_non_finite";

    /// <summary>Throws when <paramref name="values"/>, elements from <paramref name="offset"/> on, hold Inf or NaN that <paramref name="initializer"/> caused.</summary>
    public static void Check<T>(Initializer initializer, ReadOnlySpan<T> values, long offset = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Scan(initializer, values, out var large) is int index and >= 0)
        {
            throw Refusal(initializer, values, index, offset + index, large);
        }
    }

    /// <summary>
    /// <see cref="Check{T}(Initializer, ReadOnlySpan{T}, long)"/> for a block of a tensor of <paramref name="fullShape"/>
    /// at <paramref name="blockOffset"/>: the index named is the first bad element's row-major index in the whole tensor,
    /// so a block is refused as the whole fill is.
    /// </summary>
    public static void CheckBlock<T>(Initializer initializer, ReadOnlySpan<T> values, ReadOnlySpan<int> fullShape, ReadOnlySpan<long> blockOffset, ReadOnlySpan<int> blockShape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Scan(initializer, values, out var large) is int index and >= 0)
        {
            throw Refusal(initializer, values, index, WholeIndex(index, fullShape, blockOffset, blockShape), large);
        }
    }

    /// <summary>The bfloat16 twin of <see cref="CheckBlock{T}"/>.</summary>
    public static void CheckBlock(Initializer initializer, ReadOnlySpan<BFloat16> values, ReadOnlySpan<int> fullShape, ReadOnlySpan<long> blockOffset, ReadOnlySpan<int> blockShape)
    {
        if (Scan(initializer, values, out var large) is int index and >= 0)
        {
            throw Refusal(initializer, values, index, WholeIndex(index, fullShape, blockOffset, blockShape), large);
        }
    }

    /// <summary>Element <paramref name="index"/> of a block, in row-major order, as its row-major index in the whole tensor.</summary>
    private static long WholeIndex(int index, ReadOnlySpan<int> fullShape, ReadOnlySpan<long> blockOffset, ReadOnlySpan<int> blockShape)
    {
        long whole = 0, rest = index;
        Span<long> position = stackalloc long[blockShape.Length];
        for (int d = blockShape.Length - 1; d >= 0; d--)
        {
            position[d] = blockOffset[d] + (rest % blockShape[d]);
            rest /= blockShape[d];
        }

        for (int d = 0; d < fullShape.Length; d++)
        {
            whole = (whole * fullShape[d]) + position[d];
        }

        return whole;
    }

    /// <summary>The index of the first value to refuse, or -1; <paramref name="large"/> gets the parameters too large for the type.</summary>
    private static int Scan<T>(Initializer initializer, ReadOnlySpan<T> values, out List<string> large)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        large = [];
        if (initializer.AllowsNonFiniteValues)
        {
            return -1;
        }

        double limit = typeof(T) == typeof(double) ? 1e300 : typeof(T) == typeof(float) ? 1e30 : 6e4;
        large = LargeParameters(initializer, limit);
        return initializer.ValuesBoundedByParameters && large.Count == 0 ? -1 : FirstNonFinite(values);
    }

    /// <summary>Throws when bfloat16 <paramref name="values"/> hold Inf or NaN that <paramref name="initializer"/> caused.</summary>
    public static void Check(Initializer initializer, ReadOnlySpan<BFloat16> values, long offset = 0)
    {
        if (Scan(initializer, values, out var large) is int index and >= 0)
        {
            throw Refusal(initializer, values, index, offset + index, large);
        }
    }

    private static int Scan(Initializer initializer, ReadOnlySpan<BFloat16> values, out List<string> large)
    {
        large = [];
        if (initializer.AllowsNonFiniteValues)
        {
            return -1;
        }

        // bfloat16 has float32's exponent range, so float32's threshold for a parameter that can overflow.
        large = LargeParameters(initializer, 1e30);
        if (initializer.ValuesBoundedByParameters && large.Count == 0)
        {
            return -1;
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!BFloat16.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static ArgumentException Refusal(Initializer initializer, ReadOnlySpan<BFloat16> values, int index, long position, List<string> large)
    {
        int count = 0;
        foreach (BFloat16 v in values[index..])
        {
            count += BFloat16.IsFinite(v) ? 0 : 1;
        }

        return Refusal(initializer, "bfloat16", "3.3895314e38", values[index].ToString(), position, count, values.Length, large);
    }

    private static ArgumentException Refusal<T>(Initializer initializer, ReadOnlySpan<T> values, int index, long position, List<string> large)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string dtype = typeof(T) == typeof(double) ? "float64" : typeof(T) == typeof(float) ? "float32" : "float16";
        string range = typeof(T) == typeof(double) ? "1.7976931348623157e308" : typeof(T) == typeof(float) ? "3.4028235e38" : "65504";
        int count = 0;
        foreach (T v in values[index..])
        {
            count += T.IsFinite(v) ? 0 : 1;
        }

        return Refusal(initializer, dtype, range, values[index].ToString(null, CultureInfo.InvariantCulture), position, count, values.Length, large);
    }

    private static ArgumentException Refusal(Initializer initializer, string dtype, string range, string value, long position, int count, int total, List<string> large)
    {
        if (large.Count > 0)
        {
            return new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{initializer.ClassName} would write {value} at index {position}: {string.Join(", ", large)} {(large.Count == 1 ? "is" : "are")} too large for {dtype} (finite values lie within +-{range}). No weight may be Inf or NaN."),
                large[0].Split('=')[0]);
        }

        // Values from outside the parameters (a file, user code): say how many, and how to take them anyway where that is a config key.
        var config = initializer.GetConfig();
        string from = config.TryGetValue("path", out object? path) && path is string file ? $"its source '{file}'" : "its source";
        bool optIn = config.ContainsKey(AllowKey);
        string unless = optIn ? $" unless \"{AllowKey}\": true is set" : "";
        return new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"{initializer.ClassName} would write {value} at index {position}: {count} of the {total} values from {from} are non-finite in {dtype} (NaN, Inf, or beyond +-{range}); the first is at index {position}. No weight may be Inf or NaN{unless}."),
            optIn ? AllowKey : "config");
    }

    private static List<string> LargeParameters(Initializer initializer, double limit)
    {
        // A loop rather than LINQ over tuples: this runs in every fill, and at startup every LINQ instantiation over a
        // value tuple is compiled before the first value is drawn (about 20 methods, a few ms of a cold tfinit init).
        var large = new List<string>();
        foreach (var (key, value) in initializer.GetConfig())
        {
            double number;
            string element = "";
            switch (value)
            {
                case ArrayValue array when key != "seed":
                    var largest = array.Largest();
                    number = largest.Value;
                    element = $" (element {largest.Index})";
                    break;
                case double or float or int or long when key != "seed":
                    number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    continue;
            }

            if (!(Math.Abs(number) <= limit))
            {
                large.Add(string.Create(CultureInfo.InvariantCulture, $"{key}={number:R}{element}"));
            }
        }

        return large;
    }

    /// <summary>The first Inf or NaN: x - x is 0 for every finite x and NaN otherwise, one vector at a time.</summary>
    private static int FirstNonFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if ((typeof(T) == typeof(float) || typeof(T) == typeof(double)) && Vector.IsHardwareAccelerated && values.Length >= Vector<T>.Count)
        {
            var vectors = MemoryMarshal.Cast<T, Vector<T>>(values);
            for (int v = 0; v < vectors.Length; v++)
            {
                var x = vectors[v];
                if (!Vector.EqualsAll(x - x, Vector<T>.Zero))
                {
                    i = v * Vector<T>.Count;
                    break;
                }

                i = (v + 1) * Vector<T>.Count;
            }
        }

        for (; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
