namespace TfInit.Keras.Datasets;

/// <summary>
/// The content of one IDX file: an element type, a shape and the elements in row-major order,
/// as a .NET array of the matching type (<see cref="byte"/>[] for <see cref="IdxDataType.Byte"/>,
/// <see cref="sbyte"/>[], <see cref="short"/>[], <see cref="int"/>[], <see cref="float"/>[] or <see cref="double"/>[]).
/// </summary>
public sealed class IdxArray
{
    /// <summary>Wraps <paramref name="data"/> (not copied) as an array of <paramref name="shape"/>.</summary>
    /// <param name="dataType">The element type.</param>
    /// <param name="shape">The size of each dimension (copied); at least one, none negative.</param>
    /// <param name="data">The elements in row-major order, a one-dimensional array of the type that matches <paramref name="dataType"/>.</param>
    /// <exception cref="ArgumentException">An unknown type, an empty or negative shape, or data of the wrong type or length.</exception>
    public IdxArray(IdxDataType dataType, int[] shape, Array data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        Type expected = ElementType(dataType)
            ?? throw new ArgumentException($"Unknown IDX data type {(int)dataType}.", nameof(dataType));
        if (data.Rank != 1 || data.GetType().GetElementType() != expected)
        {
            throw new ArgumentException(
                $"The data is a {data.GetType().Name}; an IDX array of {dataType} needs a {expected.Name}[].", nameof(data));
        }

        if (shape.Length == 0)
        {
            throw new ArgumentException("The shape needs at least one dimension.", nameof(shape));
        }

        foreach (int dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"The shape [{string.Join(", ", shape)}] has a negative dimension.", nameof(shape));
            }
        }

        long length = ElementCount(shape);
        if (length != data.Length)
        {
            throw new ArgumentException(
                $"The shape [{string.Join(", ", shape)}] holds {length} elements but the data has {data.Length}.", nameof(data));
        }

        DataType = dataType;
        Shape = (int[])shape.Clone();
        Data = data;
    }

    /// <summary>The element type.</summary>
    public IdxDataType DataType { get; }

    /// <summary>The size of each dimension, outermost first (for MNIST images: [count, rows, columns]).</summary>
    public int[] Shape { get; }

    /// <summary>The elements in row-major order (see the class summary for the array type).</summary>
    public Array Data { get; }

    /// <summary>The number of elements: the product of <see cref="Shape"/>.</summary>
    public int Length => Data.Length;

    /// <summary>The elements as a <typeparamref name="T"/>[] (the array itself, not a copy).</summary>
    /// <typeparam name="T">The .NET type of <see cref="DataType"/>, for example <see cref="byte"/>.</typeparam>
    /// <returns>The elements.</returns>
    /// <exception cref="InvalidOperationException">The elements are of another type.</exception>
    public T[] GetData<T>() => Data.GetType() == typeof(T[])
        ? (T[])Data
        : throw new InvalidOperationException($"The IDX array holds {DataType} elements, not {typeof(T).Name}.");

    /// <summary>The elements converted to <see cref="float"/> and multiplied by <paramref name="scale"/> (1 / 255 maps bytes to [0, 1]).</summary>
    /// <param name="scale">The factor each element is multiplied by.</param>
    /// <returns>A new array of <see cref="Length"/> elements.</returns>
    public float[] ToSingles(float scale = 1f)
    {
        var result = new float[Length];
        switch (DataType)
        {
            case IdxDataType.Byte:
                var b = (byte[])Data;
                // One product per byte value: same result as element * scale, 256 multiplications.
                Span<float> table = stackalloc float[256];
                for (int v = 0; v < 256; v++)
                {
                    table[v] = v * scale;
                }

                for (int i = 0; i < b.Length; i++)
                {
                    result[i] = table[b[i]];
                }

                break;
            case IdxDataType.SByte:
                var sb = (sbyte[])Data;
                for (int i = 0; i < sb.Length; i++)
                {
                    result[i] = sb[i] * scale;
                }

                break;
            case IdxDataType.Int16:
                var s = (short[])Data;
                for (int i = 0; i < s.Length; i++)
                {
                    result[i] = s[i] * scale;
                }

                break;
            case IdxDataType.Int32:
                var n = (int[])Data;
                for (int i = 0; i < n.Length; i++)
                {
                    result[i] = n[i] * scale;
                }

                break;
            case IdxDataType.Single:
                var f = (float[])Data;
                for (int i = 0; i < f.Length; i++)
                {
                    result[i] = f[i] * scale;
                }

                break;
            case IdxDataType.Double:
                var d = (double[])Data;
                for (int i = 0; i < d.Length; i++)
                {
                    result[i] = (float)(d[i] * scale);
                }

                break;
        }

        return result;
    }

    /// <summary>The elements of an integer array (labels, for example) as <see cref="long"/>, the type TorchSharp's class targets use.</summary>
    /// <returns>A new array of <see cref="Length"/> elements.</returns>
    /// <exception cref="InvalidOperationException">The elements are floating-point.</exception>
    public long[] ToInt64()
    {
        var result = new long[Length];
        switch (DataType)
        {
            case IdxDataType.Byte:
                var b = (byte[])Data;
                for (int i = 0; i < b.Length; i++)
                {
                    result[i] = b[i];
                }

                break;
            case IdxDataType.SByte:
                var sb = (sbyte[])Data;
                for (int i = 0; i < sb.Length; i++)
                {
                    result[i] = sb[i];
                }

                break;
            case IdxDataType.Int16:
                var s = (short[])Data;
                for (int i = 0; i < s.Length; i++)
                {
                    result[i] = s[i];
                }

                break;
            case IdxDataType.Int32:
                var n = (int[])Data;
                for (int i = 0; i < n.Length; i++)
                {
                    result[i] = n[i];
                }

                break;
            default:
                throw new InvalidOperationException($"The IDX array holds {DataType} elements; only integer elements convert to Int64.");
        }

        return result;
    }

    /// <summary>The type and shape, for example <c>Byte [60000, 28, 28]</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{DataType} [{string.Join(", ", Shape)}]";

    /// <summary>The .NET element type of <paramref name="dataType"/>, or null for an unknown code.</summary>
    internal static Type? ElementType(IdxDataType dataType) => dataType switch
    {
        IdxDataType.Byte => typeof(byte),
        IdxDataType.SByte => typeof(sbyte),
        IdxDataType.Int16 => typeof(short),
        IdxDataType.Int32 => typeof(int),
        IdxDataType.Single => typeof(float),
        IdxDataType.Double => typeof(double),
        _ => null,
    };

    /// <summary>The product of non-negative <paramref name="shape"/> dimensions, saturated at <see cref="long.MaxValue"/>.</summary>
    internal static long ElementCount(ReadOnlySpan<int> shape)
    {
        if (shape.Contains(0))
        {
            return 0;
        }

        long count = 1;
        foreach (int dim in shape)
        {
            count = count > long.MaxValue / dim ? long.MaxValue : count * dim;
        }

        return count;
    }

    /// <summary>The size in bytes of one element of <paramref name="dataType"/>, or 0 for an unknown code.</summary>
    internal static int ElementSize(IdxDataType dataType) => dataType switch
    {
        IdxDataType.Byte or IdxDataType.SByte => 1,
        IdxDataType.Int16 => 2,
        IdxDataType.Int32 or IdxDataType.Single => 4,
        IdxDataType.Double => 8,
        _ => 0,
    };
}
