using TfInit.NumPy;
namespace TfInit.Tests.NumPy;

public sealed class NpzFileTests : IDisposable
{
    // Saves four arrays with np.savez (argv[2] == "plain") or np.savez_compressed and dumps each as one JSON line,
    // in the order a, b, c, arr_0.
    private const string MakeArchive = """
        path, kind = sys.argv[1], sys.argv[2]
        rng = np.random.default_rng(7)
        arrays = dict(
            a=rng.standard_normal((3, 4)).astype('<f4'),
            b=np.asfortranarray(np.arange(24, dtype='>i2').reshape(2, 3, 4)),
            c=np.float64(-1.25))
        extra = np.array([True, False, True])
        (np.savez if kind == 'plain' else np.savez_compressed)(path, extra, **arrays)
        with zipfile.ZipFile(path) as z:
            types = {i.compress_type for i in z.infolist()}
            assert types == ({zipfile.ZIP_STORED} if kind == 'plain' else {zipfile.ZIP_DEFLATED}), types
        for k in ('a', 'b', 'c'):
            dump(arrays[k])
        dump(extra)
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("plain")]
    [InlineData("compressed")]
    public void ReadsArchivesWrittenByNumpy(string kind)
    {
        string path = _dir.File("a.npz");
        string[] lines = PythonNumpy.Run(MakeArchive, path, kind).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = lines.Select(PythonNumpy.ParseDump).ToArray();

        IReadOnlyList<string> keys = NpzFile.Keys(path);
        Assert.Equal(new[] { "a", "b", "c", "arr_0" }, keys); // archive order, as np.savez wrote it

        string[] order = ["a", "b", "c", "arr_0"];
        for (int i = 0; i < order.Length; i++)
        {
            NpyArray array = NpzFile.Read(path, order[i]);
            Assert.Equal(expected[i].Descr, array.Dtype);
            Assert.Equal(expected[i].Shape, array.Shape);
            Same.Values(expected[i].Values, array.Values);
        }

        // The key may carry the .npy suffix.
        Same.Values(expected[0].Values, NpzFile.Read(path, "a.npy").Values);

        var all = NpzFile.ReadAll(path);
        Assert.Equal(new[] { "a", "arr_0", "b", "c" }, all.Keys.Order(StringComparer.Ordinal));
        Same.Values(expected[1].Values, all["b"].Values);
        Assert.Empty(all["c"].Shape);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WritesArchivesThatNumpyLoads(bool compressed)
    {
        string path = _dir.File("w.npz");
        float[] weights = Enumerable.Range(0, 12).Select(i => (i * 0.5f) - 3f).ToArray();
        weights[5] = float.NaN;
        var arrays = new Dictionary<string, NpyArray>
        {
            ["dense/kernel"] = NpyArray.FromSingles(weights, [3, 4]),
            ["bias"] = NpyArray.FromDoubles([0.1, -0.0, 1e300], [3]),
            ["scalar"] = NpyArray.FromDoubles([42], []),
            ["empty"] = NpyArray.FromSingles([], [0, 2]),
        };
        NpzFile.Write(path, arrays, compressed);
        Assert.Equal(["w.npz"], _dir.Entries());

        string output = PythonNumpy.Run(
            """
            path, compressed = sys.argv[1], sys.argv[2] == 'True'
            with zipfile.ZipFile(path) as z:
                assert z.testzip() is None
                types = {i.compress_type for i in z.infolist()}
                assert types == ({zipfile.ZIP_DEFLATED} if compressed else {zipfile.ZIP_STORED}), types
            with np.load(path) as f:
                print(json.dumps(sorted(f.files)))
                for k in ('dense/kernel', 'bias', 'scalar', 'empty'):
                    dump(f[k])
            """,
            path,
            compressed.ToString());
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("[\"bias\", \"dense/kernel\", \"empty\", \"scalar\"]", lines[0]);
        var kernel = PythonNumpy.ParseDump(lines[1]);
        Assert.Equal("<f4", kernel.Descr);
        Assert.Equal([3, 4], kernel.Shape);
        Same.Values(weights.Select(v => (double)v).ToArray(), kernel.Values);
        var bias = PythonNumpy.ParseDump(lines[2]);
        Assert.Equal("<f8", bias.Descr);
        Same.Values([0.1, -0.0, 1e300], bias.Values);
        var scalar = PythonNumpy.ParseDump(lines[3]);
        Assert.Empty(scalar.Shape);
        Assert.Equal([42.0], scalar.Values);
        var empty = PythonNumpy.ParseDump(lines[4]);
        Assert.Equal([0, 2], empty.Shape);

        // And we read our own archive back.
        Assert.Equal(new[] { "dense/kernel", "bias", "scalar", "empty" }, NpzFile.Keys(path));
        Same.Values(arrays["bias"].Values, NpzFile.Read(path, "bias").Values);
    }

    [Fact]
    public void RoundTripsArraysReadFromNumpyInTheirOwnDtypes()
    {
        string source = _dir.File("src.npz");
        string copy = _dir.File("copy.npz");
        PythonNumpy.Run(MakeArchive, source, "compressed");
        NpzFile.Write(copy, NpzFile.ReadAll(source));
        string output = PythonNumpy.Run(
            """
            with np.load(sys.argv[1]) as a, np.load(sys.argv[2]) as b:
                assert sorted(a.files) == sorted(b.files), (a.files, b.files)
                for k in a.files:
                    x, y = a[k], b[k]
                    assert x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y), (k, x, y)
            print('ok')
            """,
            source,
            copy);
        Assert.Equal("ok", output.Trim());
    }

    [Fact]
    public void OverwritesAtomicallyAndLeavesNoTemporaryFiles()
    {
        string path = _dir.File("w.npz");
        NpzFile.Write(path, [new("x", NpyArray.FromDoubles([1], [1]))]);
        NpzFile.Write(path, [new("y", NpyArray.FromDoubles([2], [1]))], compressed: true);
        Assert.Equal(new[] { "y" }, NpzFile.Keys(path));
        Assert.Equal(["w.npz"], _dir.Entries());
    }

    [Fact]
    public void FailedWriteLeavesNoTemporaryFile()
    {
        string target = _dir.File("dir.npz");
        Directory.CreateDirectory(target);
        Exception e = Assert.ThrowsAny<Exception>(() => NpzFile.Write(target, [new("x", NpyArray.FromDoubles([1], [1]))]));
        Assert.True(e is IOException or UnauthorizedAccessException, e.ToString());
        Assert.Equal(["dir.npz"], _dir.Entries());
    }

    [Fact]
    public void EmptyArchiveRoundTrips()
    {
        string path = _dir.File("e.npz");
        NpzFile.Write(path, []);
        Assert.Empty(NpzFile.Keys(path));
        Assert.Equal("[]", PythonNumpy.Run("print(json.dumps(np.load(sys.argv[1]).files))", path).Trim());
    }

    // ---- errors ----

    [Fact]
    public void MissingKeyListsAvailableKeys()
    {
        string path = _dir.File("a.npz");
        PythonNumpy.Run("np.savez(sys.argv[1], weights=np.zeros(2), bias=np.ones(1))", path);
        var e = Assert.Throws<ArgumentException>(() => NpzFile.Read(path, "kernel"));
        Assert.Equal("key", e.ParamName);
        Assert.Contains("'kernel'", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("Available keys: 'weights', 'bias'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingKeyInEmptyArchiveSaysSo()
    {
        string path = _dir.File("e.npz");
        NpzFile.Write(path, []);
        var e = Assert.Throws<ArgumentException>(() => NpzFile.Read(path, "w"));
        Assert.Contains("none (the archive is empty)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonZipFileIsRejected()
    {
        string path = _dir.File("a.npz");
        PythonNumpy.Run("np.save(open(sys.argv[1], 'wb'), np.zeros(3))", path); // an .npy, not an archive
        var e = Assert.Throws<InvalidDataException>(() => NpzFile.Keys(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid npz (zip) archive", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => NpzFile.Read(path, "x"));
    }

    [Fact]
    public void BadEntryNamesArchiveAndEntry()
    {
        string path = _dir.File("a.npz");
        PythonNumpy.Run(
            """
            with zipfile.ZipFile(sys.argv[1], 'w') as z:
                z.writestr('junk.npy', b'not an npy file at all')
                buf = io.BytesIO()
                np.save(buf, np.array(['text']))
                z.writestr('strings.npy', buf.getvalue())
                buf = io.BytesIO()
                np.save(buf, np.arange(100, dtype='<f8'))
                z.writestr('short.npy', buf.getvalue()[:-8])
            """,
            path);
        var junk = Assert.Throws<InvalidDataException>(() => NpzFile.Read(path, "junk"));
        Assert.Contains($"Entry 'junk.npy' of npz file '{path}'", junk.Message, StringComparison.Ordinal);
        Assert.Contains("magic", junk.Message, StringComparison.Ordinal);
        var strings = Assert.Throws<InvalidDataException>(() => NpzFile.Read(path, "strings"));
        Assert.Contains("unsupported dtype '<U4'", strings.Message, StringComparison.Ordinal);
        var shortData = Assert.Throws<InvalidDataException>(() => NpzFile.Read(path, "short"));
        Assert.Contains("truncated", shortData.Message, StringComparison.Ordinal);
        Assert.Contains("only 792", shortData.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptDeflateDataIsRejected()
    {
        string path = _dir.File("c.npz");
        PythonNumpy.Run("np.savez_compressed(sys.argv[1], w=np.random.default_rng(0).standard_normal(5000))", path);
        byte[] bytes = File.ReadAllBytes(path);
        for (int i = 200; i < 4000; i += 3)
        {
            bytes[i] ^= 0x5A;
        }

        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => NpzFile.Read(path, "w"));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteRejectsBadKeysWithoutCreatingAFile()
    {
        string path = _dir.File("w.npz");
        NpyArray a = NpyArray.FromDoubles([1], [1]);
        var dup = Assert.Throws<ArgumentException>(() => NpzFile.Write(path, [new("w", a), new("w", a)]));
        Assert.Equal("arrays", dup.ParamName);
        Assert.Contains("key 'w' appears more than once", dup.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<ArgumentException>(() => NpzFile.Write(path, [new(string.Empty, a)]));
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => NpzFile.Write(path, [new(null!, a)]));
        Assert.Throws<ArgumentNullException>(() => NpzFile.Write(path, [new("x", null!)]));
        Assert.Throws<ArgumentNullException>(() => NpzFile.Write(path, null!));
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void ArgumentChecks()
    {
        Assert.Throws<ArgumentNullException>(() => NpzFile.Keys(null!));
        Assert.Throws<ArgumentException>(() => NpzFile.Read(_dir.File("a.npz"), string.Empty));
        Assert.Throws<FileNotFoundException>(() => NpzFile.Read(_dir.File("missing.npz"), "a"));
    }
}
