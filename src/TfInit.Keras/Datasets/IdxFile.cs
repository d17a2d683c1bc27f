using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace TfInit.Keras.Datasets;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/): a magic number
/// 00 00 <c>type</c> <c>ndim</c>, then <c>ndim</c> big-endian 32-bit sizes, then the elements in row-major order,
/// big-endian. A gzip-compressed file (first bytes 1f 8b) is decompressed on the fly, whatever its name.
/// </summary>
public static class IdxFile
{
    /// <summary>
    /// When the length of the data cannot be checked beforehand (gzip, unseekable streams), the buffer starts at this
    /// many bytes and doubles as data arrive, so a lying header costs no more memory than the data present.
    /// </summary>
    private const int InitialBufferBytes = 1 << 20;

    /// <summary>Reads the IDX file at <paramref name="path"/> (plain or gzipped).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The array it holds.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or white space.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The content is not a valid IDX file (see <see cref="Read(Stream, string?)"/>).</exception>
    public static IdxArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, path);
    }

    /// <summary>
    /// Reads one IDX array from <paramref name="stream"/> (plain or gzipped) up to its end; the stream is left open.
    /// Nothing larger than the bytes actually present is allocated, so a header that claims more data than the
    /// stream holds fails as truncated.
    /// </summary>
    /// <param name="stream">A readable stream positioned at the magic number.</param>
    /// <param name="name">The name used in error messages (a file name); "&lt;stream&gt;" when null.</param>
    /// <returns>The array it holds.</returns>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is null or not readable.</exception>
    /// <exception cref="InvalidDataException">
    /// A wrong magic number, an unknown type code, no dimensions, a negative size, a truncated header or data,
    /// bytes after the data, an array too large for .NET, or corrupt gzip data. The message names the file,
    /// what was found and what was expected.
    /// </exception>
    public static IdxArray Read(Stream stream, string? name = null) => Open(stream, name, ReadData);

    /// <summary>
    /// Reads only the header of the IDX file at <paramref name="path"/> (plain or gzipped): its type and declared shape,
    /// checked as <see cref="Read(Stream, string?)"/> checks them, without reading or allocating the data.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A wrong magic number, an unknown type, no dimensions, a negative size or a truncated header.</exception>
    internal static IdxHeader ReadHeader(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        return Open(stream, path, (_, _, header, _) => header);
    }

    /// <summary>Detects gzip, reads the header, and hands the rest of the (decompressed) stream to <paramref name="body"/>.</summary>
    private static T Open<T>(Stream stream, string? name, Func<Stream, string, IdxHeader, bool, T> body)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        name ??= "<stream>";
        Span<byte> magic = stackalloc byte[4];
        int got = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        if (got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            using var gzip = new GZipStream(new PrefixedStream(magic[..got].ToArray(), stream), CompressionMode.Decompress);
            var unzipped = new GzipErrorStream(gzip, name);
            string zipped = $"'{name}' (gzipped)";
            return body(unzipped, zipped, ReadHeader(unzipped, zipped, [], 0), true);
        }

        string what = $"'{name}'";
        return body(stream, what, ReadHeader(stream, what, magic[..got].ToArray(), got), false);
    }

    /// <summary>Reads the magic number and sizes; <paramref name="head"/> holds the first bytes already read from <paramref name="stream"/>.</summary>
    private static IdxHeader ReadHeader(Stream stream, string what, byte[] head, int headLength)
    {
        Span<byte> magic = stackalloc byte[4];
        head.AsSpan(0, headLength).CopyTo(magic);
        headLength += stream.ReadAtLeast(magic[headLength..], magic.Length - headLength, throwOnEndOfStream: false);
        if (headLength == 0)
        {
            throw Corrupt($"{what} is empty; expected an IDX file starting with the magic number 00 00 <type> <ndim>.");
        }

        if (headLength < 2 || magic[0] != 0 || magic[1] != 0)
        {
            throw Corrupt(
                $"{what} is not an IDX file: it starts with {Hex(magic[..headLength])}; expected the magic number 00 00 <type> <ndim> " +
                "(for example 00 00 08 03 for MNIST images, 00 00 08 01 for labels).");
        }

        if (headLength < 4)
        {
            throw Corrupt($"{what} is truncated: it ends after {headLength} bytes, inside the 4-byte magic number 00 00 <type> <ndim>.");
        }

        var type = (IdxDataType)magic[2];
        if (IdxArray.ElementSize(type) == 0)
        {
            throw Corrupt(
                $"{what} has the unknown IDX type code 0x{magic[2]:X2} (magic number {Hex(magic)}); expected 0x08 (unsigned byte), " +
                "0x09 (signed byte), 0x0B (int16), 0x0C (int32), 0x0D (float32) or 0x0E (float64).");
        }

        int rank = magic[3];
        if (rank == 0)
        {
            throw Corrupt($"{what} declares 0 dimensions (magic number {Hex(magic)}); expected at least 1.");
        }

        var dims = new byte[4 * rank];
        int dimsGot = stream.ReadAtLeast(dims, dims.Length, throwOnEndOfStream: false);
        if (dimsGot < dims.Length)
        {
            throw Corrupt(
                $"{what} is truncated in its header: {rank} dimensions need {4 + dims.Length} header bytes but the file ends after {4 + dimsGot}.");
        }

        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt32BigEndian(dims.AsSpan(4 * i));
            if (shape[i] < 0)
            {
                throw Corrupt(
                    $"{what} declares a negative size {shape[i]} for dimension {i} (sizes read as big-endian int32: [{string.Join(", ", shape[..(i + 1)])}]).");
            }
        }

        return new IdxHeader(type, shape);
    }

    /// <summary>Reads the data the header declares, checking its length against the bytes present before allocating.</summary>
    private static IdxArray ReadData(Stream stream, string what, IdxHeader header, bool gzipped)
    {
        (IdxDataType type, int[] shape) = (header.DataType, header.Shape);
        int elementSize = IdxArray.ElementSize(type);
        long count = IdxArray.ElementCount(shape);
        long expectedBytes = count > long.MaxValue / elementSize ? long.MaxValue : count * elementSize;
        long headerBytes = 4 + (4 * shape.Length);

        // A seekable plain stream tells its length: check it before allocating anything.
        bool lengthChecked = !gzipped && stream.CanSeek;
        if (lengthChecked)
        {
            long available = stream.Length - stream.Position;
            if (available < expectedBytes)
            {
                throw Truncated(what, header, expectedBytes, available, headerBytes);
            }
        }

        if (expectedBytes > Array.MaxLength)
        {
            // Count what is there without keeping it: a short stream is truncated, a long one too large.
            long available = Skip(stream, expectedBytes);
            if (available < expectedBytes)
            {
                throw Truncated(what, header, expectedBytes, available, headerBytes);
            }

            throw Corrupt($"{what} declares {header}, {expectedBytes} bytes of data: more than one .NET array holds ({Array.MaxLength} bytes).");
        }

        int initial = lengthChecked ? (int)expectedBytes : (int)Math.Min(expectedBytes, InitialBufferBytes);
        byte[] raw = ReadBytes(stream, (int)expectedBytes, initial, out int read);
        if (read < expectedBytes)
        {
            throw Truncated(what, header, expectedBytes, read, headerBytes);
        }

        long trailing = Skip(stream, long.MaxValue);
        if (trailing > 0)
        {
            throw Corrupt(
                $"{what} has {trailing} bytes after the data: its header declares {header}, {headerBytes} + {expectedBytes} bytes; " +
                "expected the file to end there.");
        }

        return new IdxArray(type, shape, Convert(raw, type, (int)count));
    }

    /// <summary>Reads up to <paramref name="length"/> bytes into a buffer of <paramref name="initial"/> bytes that doubles as data arrive.</summary>
    private static byte[] ReadBytes(Stream stream, int length, int initial, out int read)
    {
        var buffer = new byte[initial];
        read = 0;
        while (read < length)
        {
            if (read == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(length, 2L * buffer.Length));
            }

            int n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return buffer;
    }

    /// <summary>Reads and discards up to <paramref name="limit"/> bytes; returns how many there were.</summary>
    private static long Skip(Stream stream, long limit)
    {
        var scratch = new byte[1 << 16];
        long total = 0;
        while (total < limit)
        {
            int n = stream.Read(scratch, 0, (int)Math.Min(scratch.Length, limit - total));
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>Turns the big-endian bytes into an array of the element type.</summary>
    private static Array Convert(byte[] raw, IdxDataType type, int count)
    {
        switch (type)
        {
            case IdxDataType.Byte:
                return raw;
            case IdxDataType.SByte:
                var sbytes = new sbyte[count];
                Buffer.BlockCopy(raw, 0, sbytes, 0, count);
                return sbytes;
            case IdxDataType.Int16:
                var shorts = new short[count];
                Buffer.BlockCopy(raw, 0, shorts, 0, raw.Length);
                if (BitConverter.IsLittleEndian)
                {
                    BinaryPrimitives.ReverseEndianness(shorts, shorts);
                }

                return shorts;
            case IdxDataType.Int32:
                var ints = new int[count];
                Buffer.BlockCopy(raw, 0, ints, 0, raw.Length);
                if (BitConverter.IsLittleEndian)
                {
                    BinaryPrimitives.ReverseEndianness(ints, ints);
                }

                return ints;
            case IdxDataType.Single:
                var floats = new float[count];
                Buffer.BlockCopy(raw, 0, floats, 0, raw.Length);
                if (BitConverter.IsLittleEndian)
                {
                    Span<int> bits = System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(floats.AsSpan());
                    BinaryPrimitives.ReverseEndianness(bits, bits);
                }

                return floats;
            default:
                var doubles = new double[count];
                Buffer.BlockCopy(raw, 0, doubles, 0, raw.Length);
                if (BitConverter.IsLittleEndian)
                {
                    Span<long> bits = System.Runtime.InteropServices.MemoryMarshal.Cast<double, long>(doubles.AsSpan());
                    BinaryPrimitives.ReverseEndianness(bits, bits);
                }

                return doubles;
        }
    }

    private static InvalidDataException Truncated(string what, IdxHeader header, long expected, long available, long headerBytes) =>
        Corrupt(
            $"{what} is truncated: its header declares {header}, {expected} bytes of data after the {headerBytes}-byte header, " +
            $"but only {available} bytes follow.");

    private static InvalidDataException Corrupt(string message) => new(message);

    private static string Hex(ReadOnlySpan<byte> bytes) =>
        string.Join(' ', bytes.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    /// <summary>The members every read-only, forward-only wrapper below answers the same way.</summary>
    private abstract class ForwardOnlyStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public abstract override int Read(Span<byte> buffer);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A read-only stream that returns <c>prefix</c> and then the rest of <c>inner</c> (left open).</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : ForwardOnlyStream
    {
        private int _position;

        public override int Read(Span<byte> buffer)
        {
            if (_position < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _position);
                prefix.AsSpan(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }

            return inner.Read(buffer);
        }
    }

    /// <summary>Reads a <see cref="GZipStream"/>, naming the file in the errors it reports for corrupt compressed data.</summary>
    private sealed class GzipErrorStream(Stream gzip, string name) : ForwardOnlyStream
    {
        public override int Read(Span<byte> buffer)
        {
            try
            {
                return gzip.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException(
                    $"'{name}' starts like a gzip file (1f 8b) but its compressed data is corrupt: {e.Message}", e);
            }
        }
    }
}
