using System.Buffers.Binary;
using TfInit.IO;

namespace TfInit.NumPy;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files.
/// </summary>
/// <remarks>
/// <para>
/// Reading supports format versions 1.0, 2.0 and 3.0, C and Fortran order, and the dtypes
/// <c>f2</c> (half), <c>f4</c>, <c>f8</c>, <c>i1</c>, <c>i2</c>, <c>i4</c>, <c>i8</c>, <c>u1</c>,
/// <c>u2</c>, <c>u4</c>, <c>u8</c> and <c>b1</c> (bool) in either byte order. Bytes after the data are ignored.
/// </para>
/// <para>
/// Writing produces format version 1.0 files in C order whose header is padded with spaces to a
/// multiple of 64 bytes and ends in <c>'\n'</c>, as numpy does. A file is written to a temporary file in
/// the same directory and then moved over the destination, so a failed write never leaves a partial file.
/// </para>
/// <para>
/// Errors: a malformed or unsupported file throws <see cref="InvalidDataException"/>; a bad argument
/// throws <see cref="ArgumentException"/> (or <see cref="ArgumentOutOfRangeException"/> /
/// <see cref="ArgumentNullException"/>); I/O failures (missing file, no permission) throw the usual
/// <see cref="IOException"/> family. Messages name the file or parameter, the offending value and what is allowed.
/// </para>
/// </remarks>
public static class NpyFile
{
    private const int ChunkBytes = 1 << 16;
    private const int InitialUnknownLengthElements = 1 << 20;

    /// <summary>Reads the <c>.npy</c> file at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The array, values in C order.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid <c>.npy</c> file, is truncated, or has an unsupported dtype.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static NpyArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkBytes);
        return Read(stream, $"File '{path}'");
    }

    /// <summary>
    /// Reads one <c>.npy</c> array from <paramref name="stream"/>, starting at its current position. The
    /// stream need not be seekable; it is left just after the array's data and is not closed.
    /// </summary>
    /// <param name="stream">The stream.</param>
    /// <returns>The array, values in C order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="InvalidDataException">The data is not a valid <c>.npy</c> array, is truncated, or has an unsupported dtype.</exception>
    public static NpyArray Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(stream, "The .npy stream");
    }

    /// <summary>
    /// Writes the .npy header (format 1.0 or 2.0 as the header length needs) of an array of <paramref name="shape"/>
    /// whose data the caller then writes to <paramref name="stream"/> itself, in C order: for arrays written in parts
    /// as they are computed.
    /// </summary>
    /// <param name="stream">The destination, positioned at the start of the file.</param>
    /// <param name="descr">The numpy dtype string, e.g. <c>&lt;f4</c> or <c>&lt;f8</c>.</param>
    /// <param name="shape">The dimensions.</param>
    public static void WriteHeader(Stream stream, string descr, ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(NpyHeader.Build(descr, shape));
    }

    /// <summary>
    /// Writes <paramref name="data"/> as a float32 (<c>&lt;f4</c>) array of shape <paramref name="shape"/>,
    /// replacing any existing file atomically.
    /// </summary>
    /// <param name="path">The destination file.</param>
    /// <param name="data">The values in C (row-major) order; the count must equal the product of <paramref name="shape"/>.</param>
    /// <param name="shape">The dimensions, each non-negative; empty for a 0-d (scalar) array holding one value.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty, or the value count does not match the shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    public static void Write(string path, ReadOnlySpan<float> data, ReadOnlySpan<int> shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NpyArray.CheckShape(data.Length, shape, nameof(data), nameof(shape));
        using var writer = new AtomicFileWriter(path);
        WriteSingles(writer.Stream, data, shape);
        writer.Commit();
    }

    /// <summary>
    /// Writes <paramref name="data"/> as a float64 (<c>&lt;f8</c>) array of shape <paramref name="shape"/>,
    /// replacing any existing file atomically.
    /// </summary>
    /// <param name="path">The destination file.</param>
    /// <param name="data">The values in C (row-major) order; the count must equal the product of <paramref name="shape"/>.</param>
    /// <param name="shape">The dimensions, each non-negative; empty for a 0-d (scalar) array holding one value.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty, or the value count does not match the shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    public static void Write(string path, ReadOnlySpan<double> data, ReadOnlySpan<int> shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NpyArray.CheckShape(data.Length, shape, nameof(data), nameof(shape));
        using var writer = new AtomicFileWriter(path);
        WriteValues(writer.Stream, NpyDtype.Float64, data, shape);
        writer.Commit();
    }

    /// <summary>
    /// Writes <paramref name="array"/> in its own dtype (e.g. an array read from a <c>&gt;i2</c> file is
    /// written as <c>&gt;i2</c>), replacing any existing file atomically.
    /// </summary>
    /// <param name="path">The destination file.</param>
    /// <param name="array">The array.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    public static void Write(string path, NpyArray array)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(array);
        using var writer = new AtomicFileWriter(path);
        Write(writer.Stream, array);
        writer.Commit();
    }

    /// <summary>
    /// Writes <paramref name="array"/> in its own dtype to <paramref name="stream"/> at its current
    /// position. The stream is not closed.
    /// </summary>
    /// <param name="stream">The stream.</param>
    /// <param name="array">The array.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="array"/> is null.</exception>
    public static void Write(Stream stream, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        WriteValues(stream, array.ParsedDtype, array.Values, array.ShapeArray);
    }

    /// <summary>Reads one array.</summary>
    /// <param name="stream">The stream, at the start of the magic string.</param>
    /// <param name="source">Names the file or entry in error messages, e.g. <c>File 'a.npy'</c>.</param>
    /// <param name="totalLength">
    /// The length of the whole <c>.npy</c> content when known without seeking (e.g. a zip entry's size), so
    /// that a header claiming more data than exists fails before the values are allocated.
    /// </param>
    internal static NpyArray Read(Stream stream, string source, long? totalLength = null)
    {
        var reader = new NpyDataReader(stream, source, totalLength);
        NpyHeader header = reader.Header;
        int count = header.Count;

        // With the length unknown (a non-seekable stream), grow the values as data arrives, so that a
        // header claiming billions of elements cannot allocate gigabytes before the data runs out.
        double[] values = new double[reader.LengthKnown ? count : Math.Min(count, InitialUnknownLengthElements)];
        int done = 0;
        while (reader.Remaining > 0)
        {
            if (done == values.Length)
            {
                Array.Resize(ref values, (int)Math.Min(count, values.Length * 2L));
            }

            done += reader.Read(values.AsSpan(done));
        }

        if (header.FortranOrder && header.Shape.Length > 1)
        {
            double[] c = new double[values.Length];
            NpyDataReader.FortranToC<double>(values, c, header.Shape);
            values = c;
        }

        return new NpyArray(values, header.Shape, header.Descr, header.Dtype);
    }

    private static void WriteSingles(Stream stream, ReadOnlySpan<float> data, ReadOnlySpan<int> shape)
    {
        stream.Write(NpyHeader.Build("<f4", shape));
        byte[] buffer = new byte[ChunkBytes];
        int perChunk = ChunkBytes / sizeof(float);
        for (int start = 0; start < data.Length; start += perChunk)
        {
            int n = Math.Min(perChunk, data.Length - start);
            for (int i = 0; i < n; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * sizeof(float)), data[start + i]);
            }

            stream.Write(buffer, 0, n * sizeof(float));
        }
    }

    private static void WriteValues(Stream stream, NpyDtype dtype, ReadOnlySpan<double> data, ReadOnlySpan<int> shape)
    {
        stream.Write(NpyHeader.Build(dtype.Descr, shape));
        byte[] buffer = new byte[Math.Max(dtype.Size, ChunkBytes / dtype.Size * dtype.Size)];
        int perChunk = buffer.Length / dtype.Size;
        for (int start = 0; start < data.Length; start += perChunk)
        {
            int n = Math.Min(perChunk, data.Length - start);
            dtype.Encode(data.Slice(start, n), buffer.AsSpan(0, n * dtype.Size));
            stream.Write(buffer, 0, n * dtype.Size);
        }
    }
}
