using System.Buffers.Binary;
using System.IO.Compression;

namespace TfInit.Keras.Tests.Datasets;

/// <summary>Writes IDX bytes by hand (independently of the reader) and manages a temporary folder.</summary>
internal static class IdxTestFiles
{
    /// <summary>The bytes of an IDX file: 00 00 type ndim, big-endian dims, then <paramref name="payload"/> as is.</summary>
    public static byte[] Idx(byte type, int[] shape, byte[] payload)
    {
        var bytes = new byte[4 + (4 * shape.Length) + payload.Length];
        bytes[2] = type;
        bytes[3] = (byte)shape.Length;
        for (int i = 0; i < shape.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), shape[i]);
        }

        payload.CopyTo(bytes, 4 + (4 * shape.Length));
        return bytes;
    }

    public static byte[] BigEndian(short[] values)
    {
        var bytes = new byte[2 * values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(2 * i), values[i]);
        }

        return bytes;
    }

    public static byte[] BigEndian(int[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 * i), values[i]);
        }

        return bytes;
    }

    public static byte[] BigEndian(float[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(4 * i), values[i]);
        }

        return bytes;
    }

    public static byte[] BigEndian(double[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleBigEndian(bytes.AsSpan(8 * i), values[i]);
        }

        return bytes;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>An MNIST-format images file: <paramref name="count"/> images of rows x cols whose pixel j of image i is (i * 7 + j) % 256.</summary>
    public static byte[] Images(int count, int rows = 28, int cols = 28)
    {
        var pixels = new byte[count * rows * cols];
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < rows * cols; j++)
            {
                pixels[(i * rows * cols) + j] = (byte)(((i * 7) + j) % 256);
            }
        }

        return Idx(0x08, [count, rows, cols], pixels);
    }

    /// <summary>An MNIST-format labels file with labels i % classes.</summary>
    public static byte[] Labels(int count, int classes = 10) =>
        Idx(0x08, [count], [.. Enumerable.Range(0, count).Select(i => (byte)(i % classes))]);

    /// <summary>A new empty folder under the system's temporary folder, deleted when disposed.</summary>
    public sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tfinit-idx-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Write(string name, byte[] bytes)
        {
            string path = System.IO.Path.Combine(Path, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A read-only stream that cannot seek or tell its length, like a pipe or a network stream.</summary>
    public sealed class UnseekableStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 3000));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
