using System.Collections.ObjectModel;

namespace TfInit.NumPy;

/// <summary>
/// An immutable n-dimensional array as stored in a NumPy <c>.npy</c> file: a shape, the numpy dtype
/// string, and the values converted to <see cref="double"/> in C (row-major) order.
/// </summary>
/// <remarks>
/// Every supported dtype converts to <see cref="double"/> exactly, except 64-bit integers
/// (<c>i8</c>, <c>u8</c>) with magnitude above 2^53, which round to the nearest double.
/// Booleans read as 0 and 1. Arrays read from Fortran-order files are reordered to C order.
/// </remarks>
public sealed class NpyArray
{
    private readonly double[] _values;
    private readonly int[] _shape;

    internal NpyArray(double[] values, int[] shape, string dtype, NpyDtype parsedDtype)
    {
        _values = values;
        _shape = shape;
        Dtype = dtype;
        ParsedDtype = parsedDtype;
        Shape = Array.AsReadOnly(_shape);
    }

    /// <summary>
    /// Creates a float32 array (dtype <c>&lt;f4</c>) from <paramref name="values"/> in C (row-major)
    /// order. The values are copied.
    /// </summary>
    /// <param name="values">The values in C order; their count must equal the product of <paramref name="shape"/>.</param>
    /// <param name="shape">The dimensions, each non-negative; empty for a 0-d (scalar) array holding one value.</param>
    /// <returns>The array.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension of <paramref name="shape"/> is negative.</exception>
    /// <exception cref="ArgumentException">The number of values does not match the shape.</exception>
    public static NpyArray FromSingles(ReadOnlySpan<float> values, ReadOnlySpan<int> shape)
    {
        CheckShape(values.Length, shape, nameof(values), nameof(shape));
        double[] copy = new double[values.Length];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = values[i];
        }

        return new NpyArray(copy, shape.ToArray(), "<f4", NpyDtype.Float32);
    }

    /// <summary>
    /// Creates a float64 array (dtype <c>&lt;f8</c>) from <paramref name="values"/> in C (row-major)
    /// order. The values are copied.
    /// </summary>
    /// <param name="values">The values in C order; their count must equal the product of <paramref name="shape"/>.</param>
    /// <param name="shape">The dimensions, each non-negative; empty for a 0-d (scalar) array holding one value.</param>
    /// <returns>The array.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension of <paramref name="shape"/> is negative.</exception>
    /// <exception cref="ArgumentException">The number of values does not match the shape.</exception>
    public static NpyArray FromDoubles(ReadOnlySpan<double> values, ReadOnlySpan<int> shape)
    {
        CheckShape(values.Length, shape, nameof(values), nameof(shape));
        return new NpyArray(values.ToArray(), shape.ToArray(), "<f8", NpyDtype.Float64);
    }

    /// <summary>The dimensions; empty for a 0-d (scalar) array.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of dimensions (0 for a scalar).</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public int Length => _values.Length;

    /// <summary>
    /// The numpy dtype descr as found in the file, e.g. <c>&lt;f4</c>, <c>&gt;i2</c> or <c>|b1</c>;
    /// <c>&lt;f4</c> or <c>&lt;f8</c> for arrays made with <see cref="FromSingles"/> / <see cref="FromDoubles"/>.
    /// </summary>
    public string Dtype { get; }

    /// <summary>The values in C (row-major) order.</summary>
    public ReadOnlySpan<double> Values => _values;

    internal NpyDtype ParsedDtype { get; }

    internal int[] ShapeArray => _shape;

    /// <summary>Returns a new array holding a copy of the values in C (row-major) order.</summary>
    /// <returns>The copy.</returns>
    public double[] ToArray() => (double[])_values.Clone();

    /// <summary>Returns a new array holding the values in C order, each rounded to the nearest <see cref="float"/>.</summary>
    /// <returns>The values as floats.</returns>
    public float[] ToSingleArray()
    {
        float[] result = new float[_values.Length];
        CopyTo(result);
        return result;
    }

    /// <summary>Copies the values, in C order, to <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to copy; its length must equal <see cref="Length"/>.</param>
    /// <exception cref="ArgumentException">The destination length differs from <see cref="Length"/>.</exception>
    public void CopyTo(Span<double> destination)
    {
        CheckDestination(destination.Length);
        _values.CopyTo(destination);
    }

    /// <summary>
    /// Copies the values, in C order, to <paramref name="destination"/>, each rounded to the nearest
    /// <see cref="float"/> (exact for arrays read from <c>f2</c>/<c>f4</c> files).
    /// </summary>
    /// <param name="destination">Where to copy; its length must equal <see cref="Length"/>.</param>
    /// <exception cref="ArgumentException">The destination length differs from <see cref="Length"/>.</exception>
    public void CopyTo(Span<float> destination)
    {
        CheckDestination(destination.Length);
        for (int i = 0; i < _values.Length; i++)
        {
            destination[i] = (float)_values[i];
        }
    }

    /// <summary>Describes the array, e.g. <c>NpyArray(shape=(3, 4), dtype='&lt;f4')</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"NpyArray(shape={NpyHeader.FormatShape(_shape)}, dtype='{Dtype}')";

    /// <summary>Validates a shape against a value count; returns nothing, throws argument exceptions.</summary>
    internal static void CheckShape(int valueCount, ReadOnlySpan<int> shape, string valuesName, string shapeName)
    {
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
            {
                throw new ArgumentOutOfRangeException(
                    shapeName,
                    shape[i],
                    $"Shape {NpyHeader.FormatShape(shape)} has dimension {i} = {shape[i]}; dimensions must be non-negative.");
            }

            // Saturate: any product beyond int range cannot match a span length anyway.
            count = Math.Min(count * shape[i], (long)int.MaxValue + 1);
        }

        if (count != valueCount)
        {
            throw new ArgumentException(
                $"Shape {NpyHeader.FormatShape(shape)} holds {(count > int.MaxValue ? "more than " + int.MaxValue : count.ToString(System.Globalization.CultureInfo.InvariantCulture))} "
                + $"elements but '{valuesName}' has {valueCount}; the number of values must equal the product of the shape "
                + "(1 for the empty shape of a scalar).",
                shapeName);
        }
    }

    private void CheckDestination(int length)
    {
        if (length != _values.Length)
        {
            throw new ArgumentException(
                $"Destination has length {length} but the array {this} has {_values.Length} elements; the lengths must be equal.",
                "destination");
        }
    }
}
