namespace TfInit.NumPy;

/// <summary>
/// Decodes a <c>.npy</c> array's data a block at a time, in file order, after its header: so that a reader can check
/// the header before any data is touched, and convert an array of any size through a buffer of fixed size instead of
/// holding every value as a double first.
/// </summary>
internal sealed class NpyDataReader
{
    private const int ChunkBytes = 1 << 16;

    private readonly Stream _stream;
    private readonly string _source;
    private readonly byte[] _buffer;
    private long _done;

    /// <summary>Reads the header from <paramref name="stream"/> and checks the declared data against <paramref name="totalLength"/>.</summary>
    /// <param name="stream">The stream, at the start of the magic string; left after the data read.</param>
    /// <param name="source">Names the file or entry in error messages, e.g. <c>File 'a.npy'</c>.</param>
    /// <param name="totalLength">
    /// The length of the whole <c>.npy</c> content when known (a file's length, a zip entry's size), so that a header
    /// claiming more data than exists fails before anything is allocated; null to find out while reading. A seekable
    /// stream's remaining length is used when null.
    /// </param>
    /// <exception cref="InvalidDataException">A malformed header, or less data than the header declares.</exception>
    public NpyDataReader(Stream stream, string source, long? totalLength = null)
    {
        if (totalLength is null && stream.CanSeek)
        {
            try
            {
                totalLength = stream.Length - stream.Position;
            }
            catch (NotSupportedException)
            {
                // Length is unknown after all; truncation is still caught while reading.
            }
        }

        _stream = stream;
        _source = source;
        Header = NpyHeader.Read(stream, source);
        LengthKnown = totalLength is not null;
        if (totalLength is long total)
        {
            long available = Math.Max(0, total - Header.TotalLength);
            if (available < ExpectedBytes)
            {
                throw Truncated(available);
            }
        }

        int size = Header.Dtype.Size;
        _buffer = new byte[Math.Max(size, ChunkBytes / size * size)];
    }

    /// <summary>The header: dtype, order and shape.</summary>
    public NpyHeader Header { get; }

    /// <summary>Whether the data's length was checked against the header before reading.</summary>
    public bool LengthKnown { get; }

    /// <summary>The values not yet read.</summary>
    public long Remaining => Header.Count - _done;

    private long ExpectedBytes => (long)Header.Count * Header.Dtype.Size;

    /// <summary>Decodes the next <c>min(destination.Length, Remaining)</c> values into <paramref name="destination"/>.</summary>
    /// <param name="destination">Where the values go.</param>
    /// <returns>How many values were written.</returns>
    /// <exception cref="InvalidDataException">The data ends before the header's count.</exception>
    public int Read(Span<double> destination)
    {
        int size = Header.Dtype.Size;
        int total = (int)Math.Min(destination.Length, Remaining);
        for (int at = 0; at < total;)
        {
            int elements = Math.Min(total - at, _buffer.Length / size);
            int bytes = elements * size;
            int got = _stream.ReadAtLeast(_buffer.AsSpan(0, bytes), bytes, throwOnEndOfStream: false);
            if (got < bytes)
            {
                throw Truncated((_done * size) + got);
            }

            Header.Dtype.Decode(_buffer.AsSpan(0, bytes), destination.Slice(at, elements));
            at += elements;
            _done += elements;
        }

        return total;
    }

    /// <summary>Reorders column-major (Fortran-order) values of <paramref name="shape"/> into row-major order.</summary>
    public static void FortranToC<T>(ReadOnlySpan<T> fortran, Span<T> result, ReadOnlySpan<int> shape)
    {
        int rank = shape.Length;
        if (result.Length == 0)
        {
            return;
        }

        // Fortran strides (in elements): stride[0] = 1, stride[k] = stride[k-1] * shape[k-1].
        Span<long> stride = stackalloc long[rank];
        stride[0] = 1;
        for (int k = 1; k < rank; k++)
        {
            stride[k] = stride[k - 1] * shape[k - 1];
        }

        Span<int> index = stackalloc int[rank];
        long offset = 0;
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = fortran[(int)offset];

            // Advance the C-order odometer (last index fastest), keeping the Fortran offset in step.
            for (int k = rank - 1; k >= 0; k--)
            {
                if (++index[k] < shape[k])
                {
                    offset += stride[k];
                    break;
                }

                offset -= stride[k] * (shape[k] - 1);
                index[k] = 0;
            }
        }
    }

    private InvalidDataException Truncated(long found) =>
        new($"{_source} is truncated: shape {NpyHeader.FormatShape(Header.Shape)} of dtype '{Header.Descr}' "
            + $"needs {ExpectedBytes} data bytes after the header, but only {found} are present.");
}
