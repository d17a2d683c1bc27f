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
    /// <summary>Throws when <paramref name="values"/> holds Inf or NaN that <paramref name="initializer"/>'s parameters caused.</summary>
    public static void Check<T>(Initializer initializer, ReadOnlySpan<T> values, long offset = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double limit = typeof(T) == typeof(double) ? 1e300 : typeof(T) == typeof(float) ? 1e30 : 6e4;
        if (NeedsScan(initializer, limit) && FirstNonFinite(values) is var index and >= 0)
        {
            string dtype = typeof(T) == typeof(double) ? "float64" : typeof(T) == typeof(float) ? "float32" : "float16";
            string range = typeof(T) == typeof(double) ? "1.7976931348623157e308" : typeof(T) == typeof(float) ? "3.4028235e38" : "65504";
            Refuse(initializer, limit, dtype, range, values[index].ToString(null, CultureInfo.InvariantCulture), offset + index);
        }
    }

    /// <summary>Throws when bfloat16 <paramref name="values"/> hold Inf or NaN that <paramref name="initializer"/>'s parameters caused.</summary>
    public static void Check(Initializer initializer, ReadOnlySpan<BFloat16> values, long offset = 0)
    {
        // bfloat16 has float32's exponent range, so float32's threshold for a parameter that can overflow.
        const double limit = 1e30;
        if (NeedsScan(initializer, limit))
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (!BFloat16.IsFinite(values[i]))
                {
                    Refuse(initializer, limit, "bfloat16", "3.3895314e38", values[i].ToString(), offset + i);
                }
            }
        }
    }

    private static bool NeedsScan(Initializer initializer, double limit) =>
        !initializer.ValuesBoundedByParameters || LargeParameters(initializer, limit).Count > 0;

    private static void Refuse(Initializer initializer, double limit, string dtype, string range, string value, long index)
    {
        var large = LargeParameters(initializer, limit);
        string cause = large.Count > 0
            ? $"{string.Join(", ", large)} {(large.Count == 1 ? "is" : "are")} too large for {dtype}"
            : $"its source holds non-finite values for {dtype}";
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"{initializer.ClassName} would write {value} at index {index}: {cause} (finite values lie within +-{range}). No weight may be Inf or NaN."),
            large.Count > 0 ? large[0].Split('=')[0] : "config");
    }

    private static List<string> LargeParameters(Initializer initializer, double limit) =>
        initializer.GetConfig()
            .Where(kv => kv.Key != "seed" && kv.Value is double or float or int or long or ArrayValue)
            .Select(kv => kv.Value is ArrayValue array
                ? (kv.Key, Value: array.Largest().Value, Element: $" (element {array.Largest().Index})")
                : (kv.Key, Value: Convert.ToDouble(kv.Value, CultureInfo.InvariantCulture), Element: ""))
            .Where(p => !(Math.Abs(p.Value) <= limit))
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value:R}{p.Element}"))
            .ToList();

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
