using TfInit.Keras.Datasets;
using static TfInit.Keras.Tests.Datasets.IdxTestFiles;

namespace TfInit.Keras.Tests.Datasets;

public sealed class IdxFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Encodings => new() { "plain", "gzip", "plain-stream", "gzip-stream" };

    /// <summary>Writes <paramref name="bytes"/> as a file (gzipped or not) or wraps them in an unseekable stream, and reads them back.</summary>
    private IdxArray RoundTrip(byte[] bytes, string encoding) => encoding switch
    {
        "plain" => IdxFile.Read(_dir.Write("a-idx", bytes)),
        // A gzipped file without .gz in its name: detection is by content.
        "gzip" => IdxFile.Read(_dir.Write("b-idx", Gzip(bytes))),
        "plain-stream" => IdxFile.Read(new UnseekableStream(bytes), "s"),
        "gzip-stream" => IdxFile.Read(new UnseekableStream(Gzip(bytes)), "s"),
        _ => throw new ArgumentException(encoding),
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void ReadsUnsignedBytesWithShape(string encoding)
    {
        byte[] values = [.. Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 11))];
        IdxArray a = RoundTrip(Idx(0x08, [2, 3, 4], values), encoding);
        Assert.Equal(IdxDataType.Byte, a.DataType);
        Assert.Equal([2, 3, 4], a.Shape);
        Assert.Equal(24, a.Length);
        Assert.Equal(values, a.GetData<byte>());
        Assert.Equal(values, (byte[])a.Data);
        Assert.Equal("Byte [2, 3, 4]", a.ToString());
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void ReadsSignedBytes(string encoding)
    {
        sbyte[] values = [-128, -1, 0, 1, 127, -7];
        IdxArray a = RoundTrip(Idx(0x09, [3, 2], [.. values.Select(v => (byte)v)]), encoding);
        Assert.Equal(IdxDataType.SByte, a.DataType);
        Assert.Equal([3, 2], a.Shape);
        Assert.Equal(values, a.GetData<sbyte>());
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void ReadsBigEndianInt16(string encoding)
    {
        short[] values = [short.MinValue, -2, 0, 1, 0x0102, short.MaxValue];
        IdxArray a = RoundTrip(Idx(0x0B, [6], BigEndian(values)), encoding);
        Assert.Equal(IdxDataType.Int16, a.DataType);
        Assert.Equal([6], a.Shape);
        Assert.Equal(values, a.GetData<short>());
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void ReadsBigEndianInt32(string encoding)
    {
        int[] values = [int.MinValue, -1, 0, 0x01020304, int.MaxValue, 60000];
        IdxArray a = RoundTrip(Idx(0x0C, [2, 1, 3], BigEndian(values)), encoding);
        Assert.Equal(IdxDataType.Int32, a.DataType);
        Assert.Equal([2, 1, 3], a.Shape);
        Assert.Equal(values, a.GetData<int>());
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void ReadsBigEndianSingles(string encoding)
    {
        float[] values = [0f, -0.5f, 1.5f, float.MaxValue, float.Epsilon, float.NegativeInfinity, 3.1415927f, -1e-30f];
        IdxArray a = RoundTrip(Idx(0x0D, [4, 2], BigEndian(values)), encoding);
        Assert.Equal(IdxDataType.Single, a.DataType);
        Assert.Equal([4, 2], a.Shape);
        Assert.Equal(values, a.GetData<float>());
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void ReadsBigEndianDoubles(string encoding)
    {
        double[] values = [0.0, -0.25, Math.PI, double.MaxValue, double.Epsilon, 1e300];
        IdxArray a = RoundTrip(Idx(0x0E, [6], BigEndian(values)), encoding);
        Assert.Equal(IdxDataType.Double, a.DataType);
        Assert.Equal([6], a.Shape);
        Assert.Equal(values, a.GetData<double>());
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void ReadsEmptyArrays(string encoding)
    {
        IdxArray a = RoundTrip(Idx(0x08, [0, 28, 28], []), encoding);
        Assert.Equal([0, 28, 28], a.Shape);
        Assert.Equal(0, a.Length);
    }

    [Fact]
    public void ReadsALargeGzippedFileThatNeedsTheBufferToGrow()
    {
        // 3 MiB of data: more than the reader's initial 1 MiB buffer for gzip.
        byte[] values = [.. Enumerable.Range(0, 3 << 20).Select(i => (byte)(i * 31 % 251))];
        IdxArray a = RoundTrip(Idx(0x08, [3, 1024, 1024], values), "gzip");
        Assert.Equal(values, a.GetData<byte>());
        a = RoundTrip(Idx(0x08, [3, 1024, 1024], values), "plain-stream");
        Assert.Equal(values, a.GetData<byte>());
    }

    [Fact]
    public void StreamIsLeftOpenAndReadToItsEnd()
    {
        using var stream = new MemoryStream(Idx(0x08, [2], [5, 6]));
        IdxArray a = IdxFile.Read(stream);
        Assert.Equal([5, 6], a.GetData<byte>());
        Assert.Equal(stream.Length, stream.Position);
        Assert.True(stream.CanRead);
    }

    [Fact]
    public void ToSinglesScalesEveryType()
    {
        Assert.Equal([0f, 0.5f, 1f], new IdxArray(IdxDataType.Byte, [3], new byte[] { 0, 1, 2 }).ToSingles(0.5f));
        Assert.Equal([-1f, 2f], new IdxArray(IdxDataType.SByte, [2], new sbyte[] { -1, 2 }).ToSingles());
        Assert.Equal([-4f, 6f], new IdxArray(IdxDataType.Int16, [2], new short[] { -2, 3 }).ToSingles(2f));
        Assert.Equal([-4f, 6f], new IdxArray(IdxDataType.Int32, [2], new int[] { -2, 3 }).ToSingles(2f));
        Assert.Equal([-4f, 6f], new IdxArray(IdxDataType.Single, [2], new float[] { -2, 3 }).ToSingles(2f));
        Assert.Equal([-4f, 6f], new IdxArray(IdxDataType.Double, [2], new double[] { -2, 3 }).ToSingles(2f));
        float[] unit = new IdxArray(IdxDataType.Byte, [2], new byte[] { 0, 255 }).ToSingles(1f / 255f);
        Assert.Equal([0f, 1f], unit);
    }

    [Fact]
    public void ToInt64ConvertsIntegersAndRefusesFloats()
    {
        Assert.Equal([0L, 9L, 255L], new IdxArray(IdxDataType.Byte, [3], new byte[] { 0, 9, 255 }).ToInt64());
        Assert.Equal([-3L], new IdxArray(IdxDataType.SByte, [1], new sbyte[] { -3 }).ToInt64());
        Assert.Equal([-3L], new IdxArray(IdxDataType.Int16, [1], new short[] { -3 }).ToInt64());
        Assert.Equal([int.MinValue], new IdxArray(IdxDataType.Int32, [1], new int[] { int.MinValue }).ToInt64());
        Assert.Throws<InvalidOperationException>(() => new IdxArray(IdxDataType.Single, [1], new float[1]).ToInt64());
        Assert.Throws<InvalidOperationException>(() => new IdxArray(IdxDataType.Byte, [1], new byte[1]).GetData<float>());
        // byte[] and sbyte[] pass for each other in CLR casts: GetData must still tell them apart.
        Assert.Throws<InvalidOperationException>(() => new IdxArray(IdxDataType.Byte, [1], new byte[1]).GetData<sbyte>());
        Assert.Throws<InvalidOperationException>(() => new IdxArray(IdxDataType.SByte, [1], new sbyte[1]).GetData<byte>());
    }

    [Fact]
    public void ConstructorChecksItsArguments()
    {
        Assert.Throws<ArgumentException>(() => new IdxArray(IdxDataType.Byte, [2], new float[2]));
        Assert.Throws<ArgumentException>(() => new IdxArray(IdxDataType.Byte, [3], new byte[2]));
        Assert.Throws<ArgumentException>(() => new IdxArray(IdxDataType.Byte, [], new byte[1]));
        Assert.Throws<ArgumentException>(() => new IdxArray(IdxDataType.Byte, [-1, -1], new byte[1]));
        Assert.Throws<ArgumentException>(() => new IdxArray((IdxDataType)0x0A, [1], new byte[1]));
        Assert.Throws<ArgumentException>(() => new IdxArray(IdxDataType.Byte, [2, 2], new byte[2, 2]));
        int[] shape = [2];
        var a = new IdxArray(IdxDataType.Byte, shape, new byte[2]);
        shape[0] = 5;
        Assert.Equal([2], a.Shape);
    }

    [Fact]
    public void BadArgumentsThrowArgumentException()
    {
        Assert.ThrowsAny<ArgumentException>(() => IdxFile.Read((string)null!));
        Assert.ThrowsAny<ArgumentException>(() => IdxFile.Read(""));
        Assert.ThrowsAny<ArgumentException>(() => IdxFile.Read("  "));
        Assert.ThrowsAny<ArgumentException>(() => IdxFile.Read((Stream)null!));
        string path = _dir.Write("w", [0, 0, 8, 1]);
        using var writeOnly = new FileStream(path, FileMode.Open, FileAccess.Write);
        Assert.Throws<ArgumentException>(() => IdxFile.Read(writeOnly));
    }

    [Fact]
    public void MissingFileThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => IdxFile.Read(Path.Combine(_dir.Path, "nope-idx1-ubyte")));
    }

    private InvalidDataException Corrupt(byte[] bytes, string encoding, string fileName = "bad-idx")
    {
        string path = _dir.Write(fileName, encoding == "gzip" ? Gzip(bytes) : bytes);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
        var fromStream = Assert.Throws<InvalidDataException>(
            () => IdxFile.Read(new UnseekableStream(encoding == "gzip" ? Gzip(bytes) : bytes), "the-stream"));
        Assert.Contains("the-stream", fromStream.Message);
        return e;
    }

    public static TheoryData<string> FileEncodings => new() { "plain", "gzip" };

    [Theory]
    [MemberData(nameof(FileEncodings))]
    public void WrongMagicNumberSaysWhatWasFoundAndExpected(string encoding)
    {
        var e = Corrupt([0x50, 0x4b, 0x03, 0x04, 1, 2, 3], encoding);
        Assert.Contains("not an IDX file", e.Message);
        Assert.Contains("50 4b 03 04", e.Message);
        Assert.Contains("00 00", e.Message);
    }

    [Theory]
    [MemberData(nameof(FileEncodings))]
    public void UnknownTypeCodeIsNamed(string encoding)
    {
        var e = Corrupt([0, 0, 0x0A, 1, 0, 0, 0, 1, 7], encoding);
        Assert.Contains("0x0A", e.Message);
        Assert.Contains("0x08 (unsigned byte)", e.Message);
    }

    [Theory]
    [MemberData(nameof(FileEncodings))]
    public void ZeroDimensionsIsRefused(string encoding)
    {
        var e = Corrupt([0, 0, 0x08, 0, 1], encoding);
        Assert.Contains("0 dimensions", e.Message);
    }

    [Theory]
    [MemberData(nameof(FileEncodings))]
    public void EmptyFileIsRefused(string encoding)
    {
        var e = Corrupt([], encoding);
        Assert.Contains("empty", e.Message);
    }

    [Theory]
    [MemberData(nameof(FileEncodings))]
    public void TruncatedMagicNumber(string encoding)
    {
        var e = Corrupt([0, 0, 8], encoding);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("3 bytes", e.Message);
    }

    [Theory]
    [MemberData(nameof(FileEncodings))]
    public void TruncatedHeader(string encoding)
    {
        // Three dimensions declared (16 header bytes), the file stops in the second size.
        var e = Corrupt([0, 0, 8, 3, 0, 0, 0xEA, 0x60, 0, 0], encoding);
        Assert.Contains("truncated in its header", e.Message);
        Assert.Contains("16 header bytes", e.Message);
        Assert.Contains("after 10", e.Message);
    }

    [Theory]
    [MemberData(nameof(FileEncodings))]
    public void TruncatedData(string encoding)
    {
        byte[] full = Images(3, 4, 4);
        var e = Corrupt(full[..^5], encoding);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("Byte [3, 4, 4]", e.Message);
        Assert.Contains("48 bytes of data", e.Message);
        Assert.Contains("only 43 bytes follow", e.Message);
    }

    [Theory]
    [MemberData(nameof(FileEncodings))]
    public void TruncatedMultiByteData(string encoding)
    {
        byte[] full = Idx(0x0E, [3], BigEndian(new double[] { 1, 2, 3 }));
        var e = Corrupt(full[..^1], encoding);
        Assert.Contains("Double [3]", e.Message);
        Assert.Contains("24 bytes of data", e.Message);
        Assert.Contains("only 23 bytes follow", e.Message);
    }

    [Theory]
    [MemberData(nameof(FileEncodings))]
    public void TrailingBytesAreRefused(string encoding)
    {
        byte[] bytes = [.. Idx(0x08, [2], [1, 2]), 9, 9, 9];
        var e = Corrupt(bytes, encoding);
        Assert.Contains("3 bytes after the data", e.Message);
    }

    [Theory]
    [MemberData(nameof(FileEncodings))]
    public void NegativeSizeIsRefused(string encoding)
    {
        var e = Corrupt(Idx(0x08, [2, -5], [1, 2]), encoding);
        Assert.Contains("negative size -5", e.Message);
    }

    public static TheoryData<byte, int[]> HugeHeaders => new()
    {
        { 0x08, [65536, 32768] },          // 2^31 bytes: more than a .NET array holds
        { 0x08, [int.MaxValue] },          // 2^31 - 1 bytes
        { 0x08, [1_000_000_000] },         // 1 GB, fits an array: must not be allocated either
        { 0x0E, [int.MaxValue, int.MaxValue, int.MaxValue] }, // overflows 64 bits
        { 0x0C, [60000, 28, 28] },
    };

    [Theory]
    [MemberData(nameof(HugeHeaders))]
    public void HugeClaimedSizeInASmallFileFailsAsTruncatedWithoutAllocatingIt(byte type, int[] shape)
    {
        byte[] bytes = Idx(type, shape, new byte[100 - 4 - (4 * shape.Length)]);
        Assert.Equal(100, bytes.Length);
        foreach (string encoding in new[] { "plain", "gzip" })
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Corrupt(bytes, encoding);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Contains("truncated", e.Message);
            Assert.Contains($"[{string.Join(", ", shape)}]", e.Message);
            Assert.True(allocated < 16 << 20, $"{encoding}: reading a 100-byte file allocated {allocated} bytes");
        }
    }

    [Fact]
    public void CorruptGzipDataNamesTheFile()
    {
        byte[] gz = Gzip(Images(50));
        for (int i = 20; i < gz.Length - 8; i++)
        {
            gz[i] ^= 0x5A;
        }

        string path = _dir.Write("broken.gz", gz);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void TruncatedGzipFileIsReported()
    {
        byte[] gz = Gzip(Images(50));
        string path = _dir.Write("cut.gz", gz[..(gz.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
    }
}
