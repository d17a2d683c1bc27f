using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using TfInit.Initializers;
using TfInit.Keras.Datasets;
using TfInit.NumPy;
using TfInit.Serialization;

namespace TfInit.Cli.Tests;

/// <summary>
/// Property-based fuzzing (CsCheck) of every parser a user's input reaches: command lines, Keras JSON configs
/// (valid ones mutated), .npy headers and bodies, IDX headers. Property: the call succeeds with finite, correctly
/// shaped output, or fails with the documented bad-input error (ArgumentException family; InvalidDataException for a
/// malformed file) whose message is one line; never another exception, never an allocation far beyond the input.
/// A few thousand cases per parser by default; TFINIT_FUZZ_ITERATIONS=N runs N per parser (e.g. 200000 for a
/// nightly run) and TFINIT_FUZZ_SEED replays a failure CsCheck printed. The class runs alone: its allocation bounds
/// count the whole process's bytes (the IDX loader reads on worker threads), and tests running beside it put 8 MB into
/// one 4 MB window in a CI run (seed 15Zm9TwBFFy1, which passes when the class runs by itself).
/// </summary>
[Collection(nameof(FuzzTests))]
[CollectionDefinition(nameof(FuzzTests), DisableParallelization = true)]
public sealed class FuzzTests
{
    internal static readonly long Iterations =
        long.TryParse(Environment.GetEnvironmentVariable("TFINIT_FUZZ_ITERATIONS"), CultureInfo.InvariantCulture, out long n) && n > 0 ? n : 2000;

    internal static readonly string? Seed = Environment.GetEnvironmentVariable("TFINIT_FUZZ_SEED");

    private static readonly string[] Numbers =
        ["0", "1", "-1", "2", "0.5", "1e308", "-1e308", "1e39", "1e-320", "4294967295", "4294967296", "2147483647", "-0", "1e400", "NaN", "abc", "", " "];

    private static readonly Gen<string> Number = Gen.OneOf(Numbers);

    private static readonly Gen<string> Word = Gen.Char['\0', '\u00ff'].Array[0, 8].Select(c => new string(c));

    /// <summary>Small shapes mostly (cheap fills), with the huge and malformed ones the issue found.</summary>
    private static readonly Gen<string> ShapeText = Gen.Frequency(
        (6, Gen.Int[1, 6].Array[1, 4].Select(d => string.Join(',', d))),
        (1, Gen.OneOf("0", "-1,3", "1073741823,2", "2147483647", "65536,65536", "a,b", "3,,3", "", "4 4", "1e3")));

    [Fact]
    public void CommandLinesEndInSuccessOrOneLineOfBadInput()
    {
        string[] options = ["--shape", "--seed", "--rng", "--dtype", "--layout", "--format", "-o", "--output", "--json", "--help", "--sed", "-x", "--"];
        string[] values = ["philox", "numpy", "float32", "float64", "float16", "keras", "torch", "json", "stats", "npy", "-", "/dev/null"];
        var token = Gen.Frequency(
            (3, Gen.OneOf(options)), (3, Gen.OneOf(values)), (2, Number), (2, ShapeText), (1, Word),
            (2, Gen.OneOf("he_normal", "zeros", "orthogonal", "sparse", "identity", "constant", "pretrained", """{"class_name": "HeNormal"}""")));
        var argv = Gen.Select(Gen.OneOf("init", "init", "init", "list", "bogus"), token.Array[0, 8], (verb, rest) => (string[])[verb, .. rest]);
        int[] codes = new int[3];
        argv.Sample(args =>
        {
            var (code, output, error) = RunCli(args);
            codes[Math.Clamp(code, 0, 2)]++;
            Assert.True(code is 0 or 2, $"exit {code}: {error}");
            if (code == 2)
            {
                AssertOneLine(error, "tfinit: error: ");
            }
            else if (args[0] == "init" && !args.Contains("--help") && !args.Contains("-o") && !args.Contains("--output") && output.TrimStart().StartsWith('{'))
            {
                AssertFinite(JsonDocument.Parse(output).RootElement);
            }
        }, seed: Seed, iter: Iterations, threads: 1);

        // The generator reaches both outcomes, so the property is exercised on each side.
        Assert.True(codes[0] > Iterations / 50 && codes[2] > Iterations / 50, $"exit 0: {codes[0]}, exit 2: {codes[2]}");
    }

    [Fact]
    public void StudyAndTrainCommandLinesParseWithoutThrowing()
    {
        string[] options = ["--preset", "--input-shape", "--widths", "--depth", "--width", "--activation", "--init", "--batch-norm", "--bias",
            "--seed", "--rng", "--dtype", "--json", "--out", "--data", "--optimizer", "--lr", "--momentum", "--epochs", "--batch-size", "--train-limit"];
        var token = Gen.Frequency((3, Gen.OneOf(options)), (2, Number), (1, ShapeText), (1, Word));
        var argv = Gen.Select(Gen.OneOf("study", "train"), token.Array[0, 10], (verb, rest) => (string[])[verb, .. rest]);
        argv.Sample(args =>
        {
            var parsed = Cli.Create().Parse(args, Cli.Parser);
            if (parsed.Errors.Count > 0)
            {
                Assert.DoesNotContain('\n', Cli.OneLine(CommandLine.ParseErrors.Describe(parsed)));
            }
        }, seed: Seed, iter: Iterations, threads: 1);
    }

    [Fact]
    public void MutatedKerasConfigsGiveFiniteValuesOrAnArgumentException()
    {
        var valid = InitializerRegistry.ClassNames.SelectMany(Valid).ToArray();
        Assert.True(valid.Length >= 20, $"only {valid.Length} valid configs to mutate");
        int filled = 0;
        string[] keys = ["seed", "mean", "stddev", "minval", "maxval", "value", "scale", "mode", "distribution", "gain", "a", "nonlinearity",
            "sparsity", "std", "layout", "in_axis", "out_axis", "batch_axis", "path", "key", "bogus", "\ud800"];
        var value = Gen.Frequency(
            (4, Number.Select(t => double.TryParse(t, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? JsonValue.Create(d) : (JsonNode?)JsonValue.Create(t))),
            (1, Gen.OneOf<JsonNode?>(null, JsonValue.Create(true), new JsonArray(), new JsonArray(0, 1), new JsonArray(-1), JsonValue.Create("fan_in"),
                JsonValue.Create("truncated_normal"), JsonValue.Create("torch"), JsonValue.Create("\udc00"), new JsonObject())));
        var mutation = Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Select(Gen.OneOf(keys), value).Array[0, 3], Gen.Int[0, 12], ShapeText,
            (i, edits, cut, shape) => (Json: Mutate(valid[i], edits, cut), Shape: shape));
        mutation.Sample(c =>
        {
            Initializer initializer;
            int[] shape;
            try
            {
                initializer = KerasJson.Deserialize(c.Json);
                shape = Shapes.Shape.Parse(c.Shape, "--shape");
                if (shape.Aggregate(1L, (p, d) => p * d) > 4096)
                {
                    return;
                }

                var doubles = initializer.Generate(shape);
                var floats = new float[doubles.Length];
                initializer.Fill(floats, shape);
                Assert.All(doubles, v => Assert.True(double.IsFinite(v), $"{c.Json} {c.Shape}: {v}"));
                Assert.All(floats, v => Assert.True(float.IsFinite(v), $"{c.Json} {c.Shape} float32: {v}"));
                filled++;
            }
            catch (ArgumentException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
            catch (IOException)
            {
                // Pretrained naming a file that does not exist: the I/O family, reported as bad input by the CLI.
            }
        }, seed: Seed, iter: Iterations, threads: 1);
        Assert.True(filled > Iterations / 20, $"only {filled} of {Iterations} mutated configs filled a tensor");
    }

    [Fact]
    public void NpyHeadersAndBodiesParseOrFailAsMalformed()
    {
        string[] descrs = ["<f4", "<f8", ">f4", "<f2", "<i4", "|u1", "|b1", "<c8", "O", "<U4", "", "<f4 "];
        var dims = Gen.Frequency((5, Gen.Int[0, 5]), (1, Gen.OneOf(int.MaxValue, 1 << 30, 100_000_000, -1)));
        var header = Gen.Select(Gen.OneOf(descrs), Gen.Bool, dims.Array[0, 4], Gen.Int[0, 3], (descr, fortran, shape, style) => style switch
        {
            0 => $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': ({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")}), }}",
            1 => $"{{'shape': ({string.Join(",", shape)}), 'descr': '{descr}', 'fortran_order': False}}",
            2 => $"{{'descr': '{descr}', 'fortran_order': False, 'shape': [{string.Join(", ", shape)}]}}",
            _ => $"{{'descr': '{descr}'\r\u001b[2J, 'shape': ({string.Join(", ", shape)},)",
        });
        var file = Gen.Select(header, Gen.Byte.Array[0, 256], Gen.Int[0, 2], (h, body, version) => Npy(h, body, version));
        var raw = Gen.Byte.Array[0, 300].Select(b => (byte[])[0x93, .. "NUMPY"u8, .. b]);
        Gen.OneOf(file, raw).Sample(bytes =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var array = NpyFile.Read(new MemoryStream(bytes));
                Assert.Equal(array.Shape.Aggregate(1L, (p, d) => p * d), array.Values.Length);
            }
            catch (InvalidDataException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }

            AssertAllocatedAtMost(before, bytes.Length);
        }, seed: Seed, iter: Iterations, threads: 1);
    }

    [Fact]
    public void PretrainedFilesFillFiniteValuesOrFailAsBadInput()
    {
        // .npy and .npz files of small shapes, bodies of random bytes (NaN, Inf and huge values included), lying or
        // malformed headers; requested shapes that match the header or not, filled in float32 and float64, with and
        // without allow_non_finite. Property: finite values of the requested shape (or any values when allowed), or
        // an ArgumentException; the allocation bounded by the destination plus a multiple of the file, never the header.
        string[] descrs = ["<f4", "<f8", ">f8", "<f2", "<i4", "|u1", "<c8", "<U4"];
        var dims = Gen.Frequency((8, Gen.Int[0, 4]), (1, Gen.OneOf(int.MaxValue, 300_000_000, -1)));
        var file = Gen.Select(Gen.OneOf(descrs), Gen.Bool, dims.Array[0, 3], Gen.Byte.Array[0, 600], Gen.Int[0, 1],
            (descr, fortran, shape, body, version) =>
                Npy($"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': ({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")}), }}", body, version));
        var fill = Gen.Select(file, Gen.Int[1, 4].Array[0, 3], Gen.Bool, Gen.Bool, Gen.Int[0, 3],
            (bytes, shape, single, allow, how) => (Bytes: bytes, Shape: shape, Single: single, Allow: allow, How: how));
        string dir = Directory.CreateTempSubdirectory("tfinit-fuzz-npy-").FullName;
        int filled = 0, refused = 0;
        try
        {
            fill.Sample(c =>
            {
                bool npz = c.How == 0;
                string path = Path.Combine(dir, npz ? "w.npz" : "w.npy");
                if (npz)
                {
                    File.Delete(path);
                    using var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create);
                    using var entry = zip.CreateEntry("w.npy").Open();
                    entry.Write(c.Bytes);
                }
                else
                {
                    File.WriteAllBytes(path, c.Bytes);
                }

                // Mostly the header's own shape (when it has one), so that the data is read often enough.
                int[] shape = c.How < 3 && TryHeaderShape(c.Bytes) is { } own ? own : c.Shape;
                var pretrained = new Pretrained(path, npz ? "w" : "", c.Allow);
                long count = shape.Aggregate(1L, (p, d) => p * d);
                if (count > 4096)
                {
                    return;
                }

                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    if (c.Single)
                    {
                        var values = new float[count];
                        pretrained.Fill(values, shape);
                        Assert.True(c.Allow || values.All(float.IsFinite));
                    }
                    else
                    {
                        var values = new double[count];
                        pretrained.Fill(values, shape);
                        Assert.True(c.Allow || values.All(double.IsFinite));
                    }

                    filled++;
                }
                catch (ArgumentException e)
                {
                    Assert.False(string.IsNullOrWhiteSpace(e.Message));
                    refused++;
                }

                AssertAllocatedAtMost(before, c.Bytes.Length + (8 * (int)count) + (1 << 17));
            }, seed: Seed, iter: Math.Max(1, Iterations / 2), threads: 1);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        Assert.True(filled > Iterations / 100 && refused > Iterations / 100, $"filled {filled}, refused {refused}");
    }

    /// <summary>The shape of the generated file, when it reads as .npy.</summary>
    private static int[]? TryHeaderShape(byte[] bytes)
    {
        try
        {
            return [.. NpyFile.Read(new MemoryStream(bytes)).Shape];
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    [Fact]
    public void IdxHeadersParseOrFailAsMalformed()
    {
        var dims = Gen.Frequency((5, Gen.Int[0, 8]), (1, Gen.OneOf(50_000_000, int.MaxValue, -1, 60000)));
        var file = Gen.Select(Gen.OneOf<byte>(0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x07), Gen.Int[0, 4], dims.Array[4], Gen.Byte.Array[0, 300],
            (type, rank, d, body) =>
            {
                var bytes = new List<byte> { 0, 0, type, (byte)rank };
                for (int i = 0; i < rank; i++)
                {
                    var b = new byte[4];
                    BinaryPrimitives.WriteInt32BigEndian(b, d[i]);
                    bytes.AddRange(b);
                }

                return bytes.Concat(body).ToArray();
            });
        Gen.OneOf(file, Gen.Byte.Array[0, 64]).Sample(bytes =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                IdxFile.Read(new MemoryStream(bytes), "fuzz.idx");
            }
            catch (InvalidDataException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }

            AssertAllocatedAtMost(before, bytes.Length);
        }, seed: Seed, iter: Iterations, threads: 1);
    }

    [Fact]
    public void IdxFoldersLoadOrFailAsMalformed()
    {
        // Four files written to a folder, each with a count, size, type and labels drawn around the defects the issue
        // found (0 images, int.MaxValue or 5e7 labels, labels 50000000 / 2147483647 / -1, truncation, gzip).
        var count = Gen.Frequency((6, Gen.Int[0, 4]), (1, Gen.OneOf(50_000_000, int.MaxValue)));
        var side = Gen.Frequency((6, Gen.Int[1, 3]), (1, Gen.Const(0)));
        var label = Gen.Frequency((8, Gen.Int[0, 9]), (1, Gen.OneOf(-1, MnistDataset.MaxClassCount - 1, MnistDataset.MaxClassCount, 50_000_000, int.MaxValue)));
        var images = Gen.Select(count, side, side, Gen.Int[0, 6], Gen.Bool, (n, rows, cols, cut, gzip) =>
            Finish(IdxBytes(0x08, [n, rows, cols], new byte[Math.Min(n, 5) * rows * cols]), cut, gzip));
        var labels = Gen.Select(count, Gen.OneOf<byte>(0x08, 0x09, 0x0C, 0x0D), label.Array[0, 5], Gen.Int[0, 6], Gen.Bool, (n, type, values, cut, gzip) =>
            Finish(IdxBytes(type, [n], [.. values.SelectMany(v => type == 0x0C || type == 0x0D ? BigEndian(v) : [(byte)v])]), cut, gzip));
        // Mostly consistent folders (same count for images and labels), so that loading succeeds often enough.
        var folder = Gen.Select(Gen.Int[1, 4], Gen.Int[1, 3], label.Array[5], Gen.Int[0, 3], images, labels, images, labels,
            (train, test, values, which, badImages, badLabels, badTest, badTestLabels) =>
            {
                byte[][] files =
                [
                    IdxBytes(0x08, [train, 2, 2], new byte[train * 4]), IdxBytes(0x08, [train], [.. values[..train].Select(v => (byte)Math.Clamp(v, 0, 9))]),
                    IdxBytes(0x08, [test, 2, 2], new byte[test * 4]), IdxBytes(0x08, [test], [.. values[..test].Select(v => (byte)Math.Clamp(v, 0, 9))]),
                ];
                if (which > 0)
                {
                    files[which switch { 1 => 0, 2 => 1, _ => 3 }] = which switch { 1 => badImages.Bytes, 2 => badLabels.Bytes, _ => badTestLabels.Bytes };
                }

                return (Files: files, Gzip: which == 0 ? [false, false, false, false] : new[] { badImages.Gzip, badLabels.Gzip, badTest.Gzip, badTestLabels.Gzip });
            });
        string dir = Directory.CreateTempSubdirectory("tfinit-fuzz-idx-").FullName;
        int loaded = 0, refused = 0;
        try
        {
            folder.Sample(c =>
            {
                foreach (string old in Directory.GetFiles(dir))
                {
                    File.Delete(old);
                }

                long bytes = 0;
                for (int i = 0; i < 4; i++)
                {
                    File.WriteAllBytes(Path.Combine(dir, MnistDataset.FileNames[i] + (c.Gzip[i] ? ".gz" : "")), c.Files[i]);
                    bytes += c.Files[i].Length;
                }

                long before = GC.GetTotalAllocatedBytes(precise: true);
                try
                {
                    var data = MnistDataset.Load(dir);
                    Assert.True(data.TrainCount > 0 && data.TestCount > 0 && data.ImageSize > 0);
                    Assert.InRange(data.ClassCount, 1, MnistDataset.MaxClassCount);
                    Assert.All(data.TrainLabels.Concat(data.TestLabels), y => Assert.InRange(y, 0, data.ClassCount - 1));
                    loaded++;
                }
                catch (InvalidDataException e)
                {
                    Assert.Contains(dir, e.Message);
                    Assert.DoesNotContain('\n', e.Message);
                    refused++;
                }

                // Allocations on the worker threads count too; a lying header may not buy more than the files hold.
                long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                Assert.True(allocated < (4 << 20) + (64 * bytes), $"allocated {allocated} bytes for {bytes} bytes of files");
            }, seed: Seed, iter: Math.Max(1, Iterations / 4), threads: 1);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        Assert.True(loaded > Iterations / 100 && refused > Iterations / 100, $"loaded {loaded}, refused {refused}");
    }

    private static (byte[] Bytes, bool Gzip) Finish(byte[] bytes, int cut, bool gzip)
    {
        byte[] kept = cut == 0 ? bytes[..(bytes.Length / 2)] : bytes;
        if (!gzip)
        {
            return (kept, false);
        }

        using var output = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(kept);
        }

        return (output.ToArray(), true);
    }

    private static byte[] IdxBytes(byte type, int[] shape, byte[] body) =>
        [0, 0, type, (byte)shape.Length, .. shape.SelectMany(BigEndian), .. body];

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static IEnumerable<string> Valid(string className)
    {
        Initializer? initializer;
        try
        {
            initializer = InitializerRegistry.Create(className, default);
        }
        catch (ArgumentException)
        {
            initializer = className switch { "Sparse" => new Sparse(0.1), _ => null };
        }

        return initializer is null ? [] : [KerasJson.Serialize(initializer)];
    }

    private static string Mutate(string json, (string Key, JsonNode? Value)[] edits, int cut)
    {
        var node = JsonNode.Parse(json)!;
        var config = node["config"] as JsonObject ?? [];
        foreach (var (key, value) in edits)
        {
            config[key] = value?.DeepClone();
        }

        string text = node.ToJsonString();
        // Sometimes cut the text short: malformed JSON is input too.
        return cut == 0 ? text[..(text.Length / 2)] : text;
    }

    private static byte[] Npy(string header, byte[] body, int version)
    {
        byte[] text = Encoding.Latin1.GetBytes(header + "\n");
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.Add((byte)(version + 1));
        bytes.Add(0);
        if (version == 0)
        {
            bytes.Add((byte)(text.Length & 0xFF));
            bytes.Add((byte)(text.Length >> 8));
        }
        else
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, text.Length);
            bytes.AddRange(length);
        }

        bytes.AddRange(text);
        bytes.AddRange(body);
        return [.. bytes];
    }

    private static (int Code, string Out, string Err) RunCli(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Cli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static void AssertOneLine(string error, string prefix)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1 && lines[0].StartsWith(prefix, StringComparison.Ordinal), error);
        Assert.DoesNotContain('\u001b', error);
    }

    private static void AssertFinite(JsonElement element)
    {
        if (element.TryGetProperty("values", out var values))
        {
            Assert.All(values.EnumerateArray(), v => Assert.True(double.IsFinite(v.GetDouble())));
            long count = element.GetProperty("shape").EnumerateArray().Aggregate(1L, (p, d) => p * d.GetInt64());
            Assert.Equal(count, values.GetArrayLength());
        }
    }

    /// <summary>A parse may hold the values (8 bytes each as double) plus fixed overhead; a header cannot buy more.</summary>
    private static void AssertAllocatedAtMost(long before, int inputBytes)
    {
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < (1 << 20) + 64L * inputBytes, $"allocated {allocated} bytes for {inputBytes} input bytes");
    }
}
