using TfInit.NumPy;
using System.Text;

namespace TfInit.Tests.NumPy;

public sealed class NpyFileTests : IDisposable
{
    // Writes a (2, 3, 4) array of dtype argv[2] holding edge values (min/max, inf, nan, -0, subnormals)
    // and random ones to argv[1] (Fortran order if argv[3] == "F"), with .npy format version argv[4]; dumps it.
    // With argv[5] == "53", random integers stay within +-2**53 (exact as doubles); extremes are still included.
    private const string MakeArray = """
        path, descr, order, version = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
        limit53 = len(sys.argv) > 5 and sys.argv[5] == '53'
        dt = np.dtype(descr)
        rng = np.random.default_rng(1234)
        if dt.kind == 'f':
            fi = np.finfo(dt)
            special = [0.0, -0.0, 1.0, -1.5, fi.max, fi.min, fi.tiny, fi.tiny / 4, fi.eps, np.inf, -np.inf, np.nan, 0.1, -3.25]
            rest = rng.standard_normal(24).tolist()
        elif dt.kind in 'iu':
            ii = np.iinfo(dt)
            special = [0, 1, ii.max, ii.min, 7] + ([] if limit53 and dt.itemsize == 8 else [ii.max - 1, ii.min + 1 if ii.min < 0 else 2])
            lo, hi = (max(ii.min, -2**53), min(ii.max, 2**53)) if limit53 else (ii.min, ii.max)
            rest = rng.integers(lo, hi, size=24, dtype=dt.newbyteorder('=')).tolist()
        else:
            special = [True, False, True, True, False]
            rest = (rng.random(24) < 0.5).tolist()
        a = np.array((special + rest)[:24], dtype=dt).reshape(2, 3, 4)
        if order == 'F':
            a = np.asfortranarray(a)
            assert a.flags.f_contiguous and not a.flags.c_contiguous
        with open(path, 'wb') as f:
            np.lib.format.write_array(f, a, version=tuple(int(x) for x in version.split('.')))
        assert np.load(path).dtype.str == dt.str
        dump(a)
        """;

    public static readonly TheoryData<string> AllDtypes = new()
    {
        "<f2", ">f2", "<f4", ">f4", "<f8", ">f8",
        "|i1", "<i2", ">i2", "<i4", ">i4", "<i8", ">i8",
        "|u1", "<u2", ">u2", "<u4", ">u4", "<u8", ">u8",
        "|b1",
    };

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(AllDtypes))]
    public void ReadsEveryDtypeInCOrder(string descr) => CheckRead(descr, "C", "1.0");

    [Theory]
    [MemberData(nameof(AllDtypes))]
    public void ReadsEveryDtypeInFortranOrder(string descr) => CheckRead(descr, "F", "1.0");

    [Theory]
    [InlineData("<f4", "C", "2.0")]
    [InlineData(">f8", "F", "2.0")]
    [InlineData("<i2", "C", "3.0")]
    [InlineData(">u4", "F", "3.0")]
    public void ReadsHeaderVersions2And3(string descr, string order, string version) => CheckRead(descr, order, version);

    private void CheckRead(string descr, string order, string version)
    {
        string path = _dir.File("a.npy");
        var expected = PythonNumpy.RunDump(MakeArray, path, descr, order, version);
        NpyArray array = NpyFile.Read(path);
        Assert.Equal(expected.Descr, array.Dtype);
        Assert.Equal(new[] { 2, 3, 4 }, array.Shape);
        Same.Values(expected.Values, array.Values);
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(version[0] - '0', bytes[6]);
    }

    [Fact]
    public void ReadsScalarsZeroSizeAndOneDimensionalArrays()
    {
        PythonNumpy.Run(
            """
            d = sys.argv[1]
            np.save(d + '/s.npy', np.float32(2.5))
            np.save(d + '/t.npy', np.array(-7, dtype='>i8'))
            np.save(d + '/z.npy', np.zeros((0, 3), dtype='<f4'))
            np.save(d + '/zf.npy', np.asfortranarray(np.zeros((3, 0, 2), dtype='>f8')))
            np.save(d + '/v.npy', np.arange(5, dtype='<u2'))
            """,
            _dir.Path);

        NpyArray s = NpyFile.Read(_dir.File("s.npy"));
        Assert.Empty(s.Shape);
        Assert.Equal(0, s.Rank);
        Assert.Equal([2.5], s.ToArray());
        Assert.Equal("<f4", s.Dtype);

        NpyArray t = NpyFile.Read(_dir.File("t.npy"));
        Assert.Empty(t.Shape);
        Assert.Equal([-7.0], t.ToArray());
        Assert.Equal(">i8", t.Dtype);

        NpyArray z = NpyFile.Read(_dir.File("z.npy"));
        Assert.Equal(new[] { 0, 3 }, z.Shape);
        Assert.Equal(0, z.Length);

        NpyArray zf = NpyFile.Read(_dir.File("zf.npy"));
        Assert.Equal(new[] { 3, 0, 2 }, zf.Shape);
        Assert.Equal(0, zf.Length);

        NpyArray v = NpyFile.Read(_dir.File("v.npy"));
        Assert.Equal(new[] { 5 }, v.Shape);
        Assert.Equal([0.0, 1, 2, 3, 4], v.ToArray());
    }

    [Fact]
    public void ReadsLargeFortranArrayAcrossBufferChunks()
    {
        string path = _dir.File("big.npy");
        var expected = PythonNumpy.RunDump(
            """
            a = np.asfortranarray(np.random.default_rng(5).standard_normal((37, 41, 29)))
            np.save(sys.argv[1], a)
            dump(a)
            """,
            path);
        NpyArray array = NpyFile.Read(path);
        Assert.Equal(new[] { 37, 41, 29 }, array.Shape);
        Same.Values(expected.Values, array.Values);
    }

    [Fact]
    public void ReadsNonzeroBoolBytesAsOne()
    {
        string path = _dir.File("b.npy");
        PythonNumpy.Run("np.save(sys.argv[1], np.array([0, 1, 2, 255], dtype=np.uint8).view(np.bool_))", path);
        Assert.Equal([0.0, 1, 1, 1], NpyFile.Read(path).ToArray());
    }

    [Fact]
    public void ReadsFromNonSeekableStreamAndStopsAfterTheData()
    {
        string path = _dir.File("two.bin");
        PythonNumpy.Run(
            """
            with open(sys.argv[1], 'wb') as f:
                np.save(f, np.arange(6, dtype='<f4').reshape(2, 3))
                np.save(f, np.array([True, False]))
            """,
            path);
        using var stream = new NonSeekableStream(File.OpenRead(path));
        NpyArray first = NpyFile.Read(stream);
        NpyArray second = NpyFile.Read(stream);
        Assert.Equal([0.0, 1, 2, 3, 4, 5], first.ToArray());
        Assert.Equal([1.0, 0], second.ToArray());
    }

    [Fact]
    public void CopiesToFloatAndDoubleSpans()
    {
        NpyArray a = NpyArray.FromDoubles([1.0, 0.1, -2.5], [3]);
        var f = new float[3];
        a.CopyTo(f);
        Assert.Equal([1f, 0.1f, -2.5f], f);
        Assert.Equal([1f, 0.1f, -2.5f], a.ToSingleArray());
        var d = new double[3];
        a.CopyTo(d);
        Assert.Equal([1.0, 0.1, -2.5], d);
        Assert.Equal("NpyArray(shape=(3,), dtype='<f8')", a.ToString());
    }

    [Fact]
    public void ArraysAreImmutable()
    {
        float[] source = [1, 2, 3];
        int[] shape = [3];
        NpyArray a = NpyArray.FromSingles(source, shape);
        source[0] = 99;
        shape[0] = 7;
        a.ToArray()[1] = 99;
        Assert.Equal([1.0, 2, 3], a.ToArray());
        Assert.Equal(new[] { 3 }, a.Shape);
        Assert.Throws<NotSupportedException>(() => ((IList<int>)a.Shape)[0] = 5);
    }

    // ---- writing, checked by numpy ----

    private const string LoadAndDump = """
        a = np.load(sys.argv[1])
        assert a.flags.c_contiguous
        dump(a)
        """;

    [Fact]
    public void WritesFloat32ThatNumpyLoads()
    {
        string path = _dir.File("w.npy");
        float[] data = Enumerable.Range(0, 24).Select(i => (float)Math.Sin(i) * 1000).ToArray();
        data[0] = float.NaN;
        data[1] = float.PositiveInfinity;
        data[2] = float.NegativeInfinity;
        data[3] = -0f;
        data[4] = float.Epsilon;
        data[5] = float.MaxValue;
        NpyFile.Write(path, data, [2, 3, 4]);

        var loaded = PythonNumpy.RunDump(LoadAndDump, path);
        Assert.Equal("<f4", loaded.Descr);
        Assert.Equal([2, 3, 4], loaded.Shape);
        Same.Values(data.Select(v => (double)v).ToArray(), loaded.Values);
        CheckHeaderLayout(path);
    }

    [Fact]
    public void WritesFloat64ThatNumpyLoads()
    {
        string path = _dir.File("w.npy");
        double[] data = [Math.PI, -0.0, double.NaN, double.Epsilon, double.MaxValue, 1e-300, 42];
        NpyFile.Write(path, data, [7]);
        var loaded = PythonNumpy.RunDump(LoadAndDump, path);
        Assert.Equal("<f8", loaded.Descr);
        Assert.Equal([7], loaded.Shape);
        Same.Values(data, loaded.Values);
        CheckHeaderLayout(path);
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 0 })]
    [InlineData(new[] { 0, 5 })]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 2, 1, 3 })]
    [InlineData(new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 })]
    public void WritesShapesThatNumpyLoads(int[] shape)
    {
        string path = _dir.File("s.npy");
        int count = shape.Aggregate(1, (a, b) => a * b);
        double[] data = Enumerable.Range(0, count).Select(i => i + 0.5).ToArray();
        NpyFile.Write(path, data, shape);
        var loaded = PythonNumpy.RunDump(LoadAndDump, path);
        Assert.Equal(shape, loaded.Shape);
        Same.Values(data, loaded.Values);
        CheckHeaderLayout(path);
        Assert.Equal(shape, NpyFile.Read(path).Shape);
    }

    [Fact]
    public void WritesLargeArrayAcrossBufferChunks()
    {
        string path = _dir.File("big.npy");
        float[] data = Enumerable.Range(0, 100_003).Select(i => i * 0.25f).ToArray();
        NpyFile.Write(path, data, [100_003]);
        string output = PythonNumpy.Run(
            """
            a = np.load(sys.argv[1])
            assert a.dtype == np.float32 and a.shape == (100003,), (a.dtype, a.shape)
            assert np.array_equal(a, np.arange(100003, dtype=np.float64) * 0.25)
            print("ok")
            """,
            path);
        Assert.Equal("ok", output.Trim());
    }

    [Theory]
    [MemberData(nameof(AllDtypes))]
    public void RoundTripsEveryDtypeThroughNpyArray(string descr)
    {
        string original = _dir.File("orig.npy");
        string copy = _dir.File("copy.npy");
        // 64-bit integers beyond 2**53 round to the nearest double when read (documented), so the random
        // values stay exact here; the extremes (e.g. u8 max -> 2**64) round-trip by saturation.
        PythonNumpy.Run(MakeArray, original, descr, "F", "1.0", "53");
        NpyFile.Write(copy, NpyFile.Read(original));
        string output = PythonNumpy.Run(
            """
            a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
            assert a.dtype == b.dtype, (a.dtype, b.dtype)
            assert a.shape == b.shape, (a.shape, b.shape)
            assert np.array_equal(a, b, equal_nan=(a.dtype.kind == 'f')), (a, b)
            print(b.dtype.str)
            """,
            original,
            copy);
        Assert.Equal(NpyFile.Read(original).Dtype, output.Trim());
        CheckHeaderLayout(copy);
    }

    [Fact]
    public void OverwritesExistingFileAndLeavesNoTemporaryFiles()
    {
        string path = _dir.File("w.npy");
        File.WriteAllText(path, "old content that is much longer than the new one will be, or maybe not");
        NpyFile.Write(path, new float[] { 1, 2 }, [2]);
        Assert.Equal([1.0, 2], NpyFile.Read(path).ToArray());
        Assert.Equal(["w.npy"], _dir.Entries());
    }

    [Fact]
    public void FailedWriteLeavesNoTemporaryFile()
    {
        string target = _dir.File("dir.npy");
        Directory.CreateDirectory(target);
        Exception e = Assert.ThrowsAny<Exception>(() => NpyFile.Write(target, new float[] { 1 }, [1]));
        Assert.True(e is IOException or UnauthorizedAccessException, e.ToString());
        Assert.Equal(["dir.npy"], _dir.Entries());
    }

    private static void CheckHeaderLayout(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(0x93, bytes[0]);
        Assert.Equal("NUMPY", Encoding.ASCII.GetString(bytes, 1, 5));
        Assert.Equal(1, bytes[6]);
        Assert.Equal(0, bytes[7]);
        int headerLength = bytes[8] | (bytes[9] << 8);
        int dataStart = 10 + headerLength;
        Assert.Equal(0, dataStart % 64);
        Assert.Equal((byte)'\n', bytes[dataStart - 1]);
        string header = Encoding.Latin1.GetString(bytes, 10, headerLength);
        Assert.StartsWith("{'descr': '", header, StringComparison.Ordinal);
        Assert.Matches(@"^\{[^\n]*\} *\n$", header);
    }

    // ---- errors ----

    [Fact]
    public void BadMagicNamesFileAndExpectedMagic()
    {
        string path = _dir.File("bad.npy");
        File.WriteAllText(path, "hello world, this is not numpy");
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("magic", e.Message, StringComparison.Ordinal);
        Assert.Contains("68656C6C6F20", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyFileIsRejected()
    {
        string path = _dir.File("empty.npy");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains("empty file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZipFileGivenToNpyReaderSuggestsNpzFile()
    {
        string path = _dir.File("a.npz");
        PythonNumpy.Run("np.savez(sys.argv[1], a=np.arange(3))", path);
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains("NpzFile", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("np.array([1+2j, 3j])", "<c16", "complex")]
    [InlineData("np.array([1+2j], dtype=np.complex64)", "<c8", "complex")]
    [InlineData("np.array([b'abcde'])", "|S5", "byte strings")]
    [InlineData("np.array(['abc'])", "<U3", "unicode")]
    [InlineData("np.array(['2020-01-01'], dtype='datetime64[D]')", "<M8[D]", "datetime64")]
    [InlineData("np.zeros(2, dtype=np.longdouble)", "<f16", "float width")]
    [InlineData("np.zeros(2, dtype='V4')", "|V4", "void")]
    public void UnsupportedDtypesAreRejected(string expression, string descr, string why)
    {
        string path = _dir.File("u.npy");
        PythonNumpy.Run($"np.save(sys.argv[1], {expression})", path);
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{descr}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
        Assert.Contains("f2, f4, f8, i1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ObjectArraysAreRejected()
    {
        string path = _dir.File("o.npy");
        PythonNumpy.Run("np.save(sys.argv[1], np.array([1, 'a', None], dtype=object), allow_pickle=True)", path);
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("'|O'", e.Message, StringComparison.Ordinal);
        Assert.Contains("object arrays", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StructuredDtypesAreRejected()
    {
        string path = _dir.File("r.npy");
        PythonNumpy.Run("np.save(sys.argv[1], np.zeros(2, dtype=[('a', '<f4'), ('b', '<i2')]))", path);
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains("structured", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedDataIsRejected()
    {
        string path = _dir.File("t.npy");
        PythonNumpy.Run("np.save(sys.argv[1], np.arange(10, dtype='<f8'))", path);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("needs 80 data bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains("only 75", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeClaimedShapeFailsAsTruncatedWithoutAllocating()
    {
        // 2e9 float64 elements would be 16 GB; the file has none of them.
        byte[] bytes = HandMade("{'descr': '<f8', 'fortran_order': False, 'shape': (2000000000,), }");
        string path = _dir.File("huge.npy");
        File.WriteAllBytes(path, [.. bytes, 1, 2, 3]);
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains("needs 16000000000 data bytes after the header, but only 3 are present", e.Message, StringComparison.Ordinal);

        using var stream = new NonSeekableStream(new MemoryStream([.. bytes, 1, 2, 3]));
        e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(stream));
        Assert.Contains("The .npy stream is truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("only 3 are present", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsLargeArrayFromNonSeekableStream()
    {
        double[] data = Enumerable.Range(0, 3_000_017).Select(i => i * 0.5).ToArray();
        using var memory = new MemoryStream();
        NpyFile.Write(memory, NpyArray.FromDoubles(data, [3_000_017]));
        memory.Position = 0;
        using var stream = new NonSeekableStream(memory);
        Same.Values(data, NpyFile.Read(stream).Values);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(40)]
    public void TruncatedHeaderIsRejected(int keep)
    {
        string path = _dir.File("t.npy");
        PythonNumpy.Run("np.save(sys.argv[1], np.arange(10, dtype='<f8'))", path);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..keep]);
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeShapeInHeaderIsRejected()
    {
        string path = _dir.File("n.npy");
        File.WriteAllBytes(path, HandMade("{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 3), }"));
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("dimension 0 is -1", e.Message, StringComparison.Ordinal);
        Assert.Contains("non-negative", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, }", "'shape' is missing")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': 3, }", "'shape' must be a tuple")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3), }", "'shape' must be a tuple")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (3,), }", "'fortran_order' must be True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), ", "malformed")]
    [InlineData("['descr', '<f4']", "expected a python dict")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': ('a',), }", "not an integer")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), }", "more than")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }", "more than")]
    public void MalformedHeadersAreRejected(string dict, string expected)
    {
        string path = _dir.File("m.npy");
        File.WriteAllBytes(path, HandMade(dict));
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedVersionIsRejected()
    {
        byte[] bytes = HandMade("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }");
        bytes[6] = 4;
        string path = _dir.File("v.npy");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains("version 4.0", e.Message, StringComparison.Ordinal);
        Assert.Contains("1.0, 2.0 and 3.0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HandMadeHeadersInOddButValidSpellingsAreAccepted()
    {
        // Keys in another order, double quotes, python 2 longs, no trailing comma, newlines, a list shape.
        string path = _dir.File("h.npy");
        byte[] header = HandMade("{\"shape\": (2L,\n 1L), 'fortran_order': True, u'descr': \"<i2\"}");
        File.WriteAllBytes(path, [.. header, 1, 0, 2, 0]);
        NpyArray a = NpyFile.Read(path);
        Assert.Equal(new[] { 2, 1 }, a.Shape);
        Assert.Equal([1.0, 2], a.ToArray());
        Assert.Equal("<i2", a.Dtype);
    }

    [Fact]
    public void WriteRejectsNegativeDimensionsWithoutCreatingAFile()
    {
        string path = _dir.File("w.npy");
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => NpyFile.Write(path, new float[] { 1, 2 }, [2, -1]));
        Assert.Equal("shape", e.ParamName);
        Assert.Contains("dimension 1 = -1", e.Message, StringComparison.Ordinal);
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void WriteRejectsCountMismatchWithoutCreatingAFile()
    {
        string path = _dir.File("w.npy");
        var e = Assert.Throws<ArgumentException>(() => NpyFile.Write(path, new double[] { 1, 2, 3 }, [2, 2]));
        Assert.Equal("shape", e.ParamName);
        Assert.Contains("(2, 2) holds 4 elements but 'data' has 3", e.Message, StringComparison.Ordinal);
        Assert.Empty(_dir.Entries());

        var scalar = Assert.Throws<ArgumentException>(() => NpyFile.Write(path, new double[] { 1, 2 }, []));
        Assert.Contains("() holds 1 elements", scalar.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ArgumentChecks()
    {
        Assert.Throws<ArgumentNullException>(() => NpyFile.Read((string)null!));
        Assert.Throws<ArgumentException>(() => NpyFile.Read(string.Empty));
        Assert.Throws<ArgumentNullException>(() => NpyFile.Read((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => NpyFile.Write(_dir.File("x.npy"), (NpyArray)null!));
        Assert.Throws<FileNotFoundException>(() => NpyFile.Read(_dir.File("missing.npy")));
        var e = Assert.Throws<ArgumentException>(() => NpyArray.FromSingles([1, 2], [2]).CopyTo(new float[3]));
        Assert.Equal("destination", e.ParamName);
        Assert.Contains("length 3", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => NpyArray.FromDoubles([1, 2], [3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => NpyArray.FromDoubles([], [-2]));
        Assert.Throws<ArgumentException>(() => NpyArray.FromDoubles([], [int.MaxValue, int.MaxValue, 2]));
    }

    // A v1.0 file with the given header dict (padded like numpy) and no data.
    private static byte[] HandMade(string dict)
    {
        byte[] dictBytes = Encoding.Latin1.GetBytes(dict);
        int total = 10 + dictBytes.Length + 1;
        int padded = (total + 63) / 64 * 64;
        byte[] result = new byte[padded];
        result[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(result, 1);
        result[6] = 1;
        int headerLength = padded - 10;
        result[8] = (byte)headerLength;
        result[9] = (byte)(headerLength >> 8);
        dictBytes.CopyTo(result, 10);
        result.AsSpan(10 + dictBytes.Length).Fill((byte)' ');
        result[^1] = (byte)'\n';
        return result;
    }

    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        // Returns at most 7 bytes per call, to exercise short reads.
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 7));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
