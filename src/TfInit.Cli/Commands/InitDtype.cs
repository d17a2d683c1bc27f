using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using TfInit.Initializers;
using TfInit.IO;
using TfInit.Numerics;
using TfInit.NumPy;
using TfInit.Random;

namespace TfInit.Cli.Commands;

/// <summary>
/// One value of <c>tfinit init --dtype</c>: how the tensor is filled (the library's Fill of that element type), how its
/// values are printed in JSON, and what a .npy file holds. float16 is numpy's <c>&lt;f2</c>; bfloat16 has no numpy
/// dtype, so its .npy holds the raw bit patterns as <c>&lt;u2</c> (2 bytes a value, bit-exact; <c>view(ml_dtypes.bfloat16)</c>
/// or <c>(a.astype(np.uint32) &lt;&lt; 16).view(np.float32)</c> gives the values back).
/// </summary>
internal sealed class InitDtype
{
    /// <summary>The values --dtype takes, the default first.</summary>
    public static readonly string[] Names = ["float32", "float64", "float16", "bfloat16"];

    private InitDtype(string name, string npyDescr, int size)
    {
        Name = name;
        NpyDescr = npyDescr;
        Size = size;
    }

    /// <summary>The --dtype value, also written as JSON's "dtype".</summary>
    public string Name { get; }

    /// <summary>The numpy descr written in .npy headers.</summary>
    public string NpyDescr { get; }

    /// <summary>Bytes per element.</summary>
    public int Size { get; }

    /// <summary>What a bfloat16 .npy holds, for the note printed on stderr (and the help text).</summary>
    public const string BFloat16NpyNote =
        "bfloat16 has no numpy dtype: the .npy holds its raw bit patterns as uint16 ('<u2'); np.load(f).view(ml_dtypes.bfloat16), " +
        "or (a.astype(np.uint32) << 16).view(np.float32) for float32 values.";

    /// <summary>The element type named by a --dtype value the parser has already checked.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <returns>The element type.</returns>
    public static InitDtype Of(string name) => name switch
    {
        "float32" => new(name, "<f4", 4),
        "float64" => new(name, "<f8", 8),
        "float16" => new(name, "<f2", 2),
        "bfloat16" => new(name, "<u2", 2),
        _ => throw new UsageException($"init: --dtype must be one of {string.Join(", ", Names)}; got '{name}'."),
    };

    /// <summary>
    /// Fills the tensor (or <paramref name="part"/> of it) in this element type and returns the values widened to
    /// double, which is exact for all four.
    /// </summary>
    public double[] Fill(Initializer initializer, int[] shape, RandomStream? stream, TensorPart? part, int count) => Name switch
    {
        "float64" => FillAs(new double[count], initializer, shape, stream, part),
        "float32" => Widen(FillAs(new float[count], initializer, shape, stream, part), v => v),
        "float16" => Widen(FillAs(new Half[count], initializer, shape, stream, part), v => (double)v),
        _ => Widen(FillAs(new BFloat16[count], initializer, shape, stream, part), v => v),
    };

    /// <summary>Writes the values (widened by <see cref="Fill"/>) as a .npy file of this type, atomically.</summary>
    public void WriteNpy(string path, double[] values, int[] shape)
    {
        switch (Name)
        {
            case "float32":
                NpyFile.Write(path, values.Select(v => (float)v).ToArray(), shape);
                return;
            case "float64":
                NpyFile.Write(path, values, shape);
                return;
        }

        // The 2-byte types: the exact bit patterns of the values, little-endian, after the header.
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            ushort bits = Name == "float16" ? BitConverter.HalfToUInt16Bits((Half)values[i]) : ((BFloat16)values[i]).RawValue;
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), bits);
        }

        using var file = new AtomicFileWriter(path);
        NpyFile.WriteHeader(file.Stream, NpyDescr, shape);
        file.Stream.Write(bytes);
        file.Commit();
    }

    /// <summary>
    /// Writes one value as a JSON number: float32 and float64 as before (the shortest text of that type), float16 and
    /// bfloat16 as the shortest text that reads back as the same value of their type (0.1, not 0.0999755859375).
    /// </summary>
    public void WriteValue(Utf8JsonWriter writer, double value)
    {
        switch (Name)
        {
            case "float32":
                writer.WriteNumberValue((float)value);
                break;
            case "float64":
                writer.WriteNumberValue(value);
                break;
            case "float16":
                writer.WriteRawValue(((Half)value).ToString(CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteRawValue(((BFloat16)value).ToString());
                break;
        }
    }

    /// <summary>
    /// The whole fill (no <paramref name="part"/>) or a block in <paramref name="values"/>' element type; a block fills
    /// the first (product of its sizes) elements.
    /// </summary>
    private static T[] FillAs<T>(T[] values, Initializer initializer, int[] shape, RandomStream? stream, TensorPart? part)
        where T : unmanaged
    {
        if (part is null)
        {
            switch (values)
            {
                case double[] d:
                    initializer.Fill(d, shape, stream);
                    break;
                case float[] f:
                    initializer.Fill(f, shape, stream);
                    break;
                case Half[] h:
                    initializer.Fill(h, shape, stream);
                    break;
                case BFloat16[] b:
                    initializer.Fill(b, shape, stream);
                    break;
            }

            return values;
        }

        int count = part.Size.Aggregate(1, (n, d) => n * d);
        switch (values)
        {
            case double[] d:
                initializer.FillBlock(d.AsSpan(0, count), shape, part.Offset, part.Size);
                break;
            case float[] f:
                initializer.FillBlock(f.AsSpan(0, count), shape, part.Offset, part.Size);
                break;
            case Half[] h:
                initializer.FillBlock(h.AsSpan(0, count), shape, part.Offset, part.Size);
                break;
            case BFloat16[] b:
                initializer.FillBlock(b.AsSpan(0, count), shape, part.Offset, part.Size);
                break;
        }

        return values;
    }

    private static double[] Widen<T>(T[] values, Func<T, double> widen)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = widen(values[i]);
        }

        return result;
    }
}
