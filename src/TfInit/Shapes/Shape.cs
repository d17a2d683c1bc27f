namespace TfInit.Shapes;

/// <summary>Validation and arithmetic for tensor shapes (row-major, C order, as numpy).</summary>
public static class Shape
{
    /// <summary>
    /// Returns the number of elements of <paramref name="shape"/> (1 for a scalar), after checking
    /// that no dimension is negative and that the product fits in a <see cref="Span{T}"/>. A zero dimension is allowed
    /// and gives an empty tensor, as in Keras, PyTorch and numpy.
    /// </summary>
    /// <param name="shape">The dimensions.</param>
    /// <param name="paramName">The parameter name reported in errors.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative dimension, or a product beyond <see cref="int.MaxValue"/>.</exception>
    public static int ElementCount(ReadOnlySpan<int> shape, string paramName = "shape")
    {
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
            {
                throw new ArgumentOutOfRangeException(paramName, shape[i],
                    $"Dimension {i} of shape {Format(shape)} is {shape[i]}; every dimension must be a non-negative integer (0 gives an empty tensor).");
            }

            count *= shape[i];
            if (count > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(paramName, Format(shape),
                    $"Shape {Format(shape)} has more than {int.MaxValue} elements, the most one span can hold.");
            }
        }

        return (int)count;
    }

    /// <summary>
    /// Returns the number of elements of <paramref name="shape"/> (1 for a scalar) in 64 bits, after checking that no
    /// dimension is negative (a zero dimension gives an empty tensor): a tensor may hold more elements than one span (filled in parts with
    /// <see cref="Initializers.Initializer.FillSlice(Span{float}, ReadOnlySpan{int}, long)"/> or FillBlock).
    /// </summary>
    /// <param name="shape">The dimensions.</param>
    /// <param name="paramName">The parameter name reported in errors.</param>
    /// <returns>The product of the dimensions.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A negative dimension, or a product beyond 2^62.</exception>
    public static long LongElementCount(ReadOnlySpan<int> shape, string paramName = "shape")
    {
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
            {
                throw new ArgumentOutOfRangeException(paramName, shape[i],
                    $"Dimension {i} of shape {Format(shape)} is {shape[i]}; every dimension must be a non-negative integer (0 gives an empty tensor).");
            }

            count *= shape[i];
            if (count > 1L << 62)
            {
                throw new ArgumentOutOfRangeException(paramName, Format(shape), $"Shape {Format(shape)} has more than 2^62 elements.");
            }
        }

        return count;
    }

    /// <summary>Formats a shape the way numpy prints it: <c>(64, 32)</c>, <c>(7,)</c>, <c>()</c>.</summary>
    /// <param name="shape">The dimensions.</param>
    /// <returns>The text.</returns>
    public static string Format(ReadOnlySpan<int> shape) => shape.Length switch
    {
        0 => "()",
        1 => $"({shape[0]},)",
        _ => "(" + string.Join(", ", shape.ToArray()) + ")",
    };

    /// <summary>Parses a comma-separated shape such as <c>64,32</c> or <c>3x3x16x8</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="paramName">The parameter name reported in errors.</param>
    /// <param name="fitsOneSpan">Whether the tensor must fit in one span (int.MaxValue elements); false allows any
    /// 64-bit element count, for tensors filled in parts.</param>
    /// <returns>The validated dimensions.</returns>
    /// <exception cref="ArgumentException">The text is not a list of non-negative integers.</exception>
    public static int[] Parse(string text, string paramName = "shape", bool fitsOneSpan = true)
    {
        var parts = text.Split([',', 'x'], StringSplitOptions.TrimEntries);
        var dims = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.AllowLeadingSign,
                    System.Globalization.CultureInfo.InvariantCulture, out dims[i]))
            {
                throw new ArgumentException(
                    $"Shape '{text}' is not a comma-separated list of non-negative integers (at '{parts[i]}'); for example 64,32.",
                    paramName);
            }
        }

        if (fitsOneSpan)
        {
            ElementCount(dims, paramName);
        }
        else
        {
            LongElementCount(dims, paramName);
        }

        return dims;
    }
}
