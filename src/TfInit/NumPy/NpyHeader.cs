using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace TfInit.NumPy;

/// <summary>
/// The header of a <c>.npy</c> file (format versions 1.0, 2.0 and 3.0): reading it from a stream and
/// building one for writing. See numpy's <c>numpy/lib/format.py</c>.
/// </summary>
internal sealed class NpyHeader
{
    /// <summary>Headers (and so the data) are padded to this alignment, as numpy does.</summary>
    public const int Alignment = 64;

    /// <summary>Upper bound on the header length we accept when reading (numpy writes well under 1 KiB).</summary>
    public const int MaxHeaderLength = 1 << 20;

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private NpyHeader(string descr, NpyDtype dtype, bool fortranOrder, int[] shape, int count)
    {
        TotalLength = -1;
        Descr = descr;
        Dtype = dtype;
        FortranOrder = fortranOrder;
        Shape = shape;
        Count = count;
    }

    /// <summary>The descr string as found in the header, e.g. <c>&lt;f4</c>.</summary>
    public string Descr { get; }

    /// <summary>The parsed dtype.</summary>
    public NpyDtype Dtype { get; }

    /// <summary>Whether the data is stored in Fortran (column-major) order.</summary>
    public bool FortranOrder { get; }

    /// <summary>The shape; empty for a 0-d (scalar) array.</summary>
    public int[] Shape { get; }

    /// <summary>The number of elements.</summary>
    public int Count { get; }

    /// <summary>Bytes from the start of the magic string to the start of the data; -1 if not read from a stream.</summary>
    public long TotalLength { get; private set; }

    /// <summary>
    /// Reads the magic string, version, header length and header dict from <paramref name="stream"/>,
    /// leaving the stream at the start of the data.
    /// </summary>
    /// <param name="stream">The stream.</param>
    /// <param name="source">Names the file, entry or stream in error messages.</param>
    /// <exception cref="InvalidDataException">The header is malformed or describes something unsupported.</exception>
    public static NpyHeader Read(Stream stream, string source)
    {
        Span<byte> prefix = stackalloc byte[8];
        int got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (got < prefix.Length || !prefix[..6].SequenceEqual(Magic))
        {
            string found = got == 0 ? "an empty file" : $"bytes {Convert.ToHexString(prefix[..Math.Min(got, 6)])}";
            string hint = got >= 4 && prefix[0] == (byte)'P' && prefix[1] == (byte)'K' && prefix[2] == 3 && prefix[3] == 4
                ? " It looks like a zip archive; read .npz files with NpzFile."
                : string.Empty;
            throw new InvalidDataException(
                $"{source} is not a NumPy .npy file: expected it to start with the magic string \\x93NUMPY "
                + $"(hex 934E554D5059) followed by a 2-byte version, but found {found}.{hint}");
        }

        byte major = prefix[6];
        byte minor = prefix[7];
        int lengthBytes = (major, minor) switch
        {
            (1, 0) => 2,
            (2, 0) or (3, 0) => 4,
            _ => throw new InvalidDataException(
                $"{source} has .npy format version {major}.{minor}; supported versions are 1.0, 2.0 and 3.0."),
        };

        Span<byte> lengthBuffer = stackalloc byte[4];
        lengthBuffer = lengthBuffer[..lengthBytes];
        if (stream.ReadAtLeast(lengthBuffer, lengthBytes, throwOnEndOfStream: false) < lengthBytes)
        {
            throw new InvalidDataException($"{source} is truncated: the file ends inside the .npy header length field.");
        }

        long headerLength = lengthBytes == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBuffer)
            : BinaryPrimitives.ReadUInt32LittleEndian(lengthBuffer);
        if (headerLength > MaxHeaderLength)
        {
            throw new InvalidDataException(
                $"{source} declares a .npy header of {headerLength} bytes; at most {MaxHeaderLength} bytes are allowed.");
        }

        byte[] headerBytes = new byte[headerLength];
        int headerGot = stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false);
        if (headerGot < headerBytes.Length)
        {
            throw new InvalidDataException(
                $"{source} is truncated: the .npy header declares {headerLength} bytes but only {headerGot} follow.");
        }

        string headerText;
        try
        {
            headerText = major == 3
                ? new UTF8Encoding(false, true).GetString(headerBytes)
                : Encoding.Latin1.GetString(headerBytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{source} has a version 3.0 .npy header that is not valid UTF-8.", e);
        }

        NpyHeader header = Parse(headerText, source);
        header.TotalLength = prefix.Length + lengthBytes + headerLength;
        return header;
    }

    /// <summary>Parses the header dict text.</summary>
    public static NpyHeader Parse(string headerText, string source)
    {
        object? parsed;
        try
        {
            parsed = PyLiteralParser.Parse(headerText);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException(
                $"{source} has a malformed .npy header: {e.Message}. Expected a python dict literal like "
                + $"{{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}; header was: {Quote(headerText)}",
                e);
        }

        if (parsed is not Dictionary<string, object?> dict)
        {
            throw new InvalidDataException(
                $"{source} has a malformed .npy header: expected a python dict literal with keys 'descr', "
                + $"'fortran_order' and 'shape', but found {Quote(headerText)}.");
        }

        foreach (string key in (string[])["descr", "fortran_order", "shape"])
        {
            if (!dict.ContainsKey(key))
            {
                throw new InvalidDataException(
                    $"{source} has a malformed .npy header: key '{key}' is missing; the header must contain "
                    + $"'descr', 'fortran_order' and 'shape', but was {Quote(headerText)}.");
            }
        }

        // descr
        if (dict["descr"] is not string descr)
        {
            string kind = dict["descr"] is List<object?> ? "a structured dtype (a list of fields)" : "not a dtype string";
            throw new InvalidDataException(
                $"{source} has an unsupported dtype: 'descr' is {kind}. Supported dtypes: {NpyDtype.SupportedList}.");
        }

        if (!NpyDtype.TryParse(descr, out NpyDtype dtype, out string reason))
        {
            throw new InvalidDataException(
                $"{source} has unsupported dtype '{descr}': {reason}. Supported dtypes: {NpyDtype.SupportedList}.");
        }

        // fortran_order
        if (dict["fortran_order"] is not bool fortranOrder)
        {
            throw new InvalidDataException(
                $"{source} has a malformed .npy header: 'fortran_order' must be True or False, "
                + $"but the header was {Quote(headerText)}.");
        }

        // shape
        IReadOnlyList<object?> dims = dict["shape"] switch
        {
            PyTuple t => t.Items,
            List<object?> l => l,
            _ => throw new InvalidDataException(
                $"{source} has a malformed .npy header: 'shape' must be a tuple of non-negative integers such as "
                + $"(3, 4), (5,) or (), but the header was {Quote(headerText)}."),
        };

        int[] shape = new int[dims.Count];
        for (int i = 0; i < shape.Length; i++)
        {
            if (dims[i] is not BigInteger dim)
            {
                throw new InvalidDataException(
                    $"{source} has a malformed .npy header: shape dimension {i} is not an integer; "
                    + $"the header was {Quote(headerText)}.");
            }

            if (dim < 0)
            {
                throw new InvalidDataException(
                    $"{source} has an invalid shape: dimension {i} is {dim}; dimensions must be non-negative. "
                    + $"The header was {Quote(headerText)}.");
            }

            if (dim > Array.MaxLength)
            {
                throw new InvalidDataException(
                    $"{source} has shape dimension {i} = {dim}, more than the {Array.MaxLength} elements a .NET array can hold.");
            }

            shape[i] = (int)dim;
        }

        BigInteger count = BigInteger.One;
        foreach (int d in shape)
        {
            count *= d;
        }

        if (count > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"{source} has shape {FormatShape(shape)} with {count} elements, more than the {Array.MaxLength} "
                + "elements a .NET array can hold.");
        }

        return new NpyHeader(descr, dtype, fortranOrder, shape, (int)count);
    }

    /// <summary>
    /// Builds the full header bytes (magic, version, length, dict, padding, newline) for C-order data:
    /// version 1.0 unless the dict is too long for a 2-byte length, then 2.0. The total is a multiple of
    /// <see cref="Alignment"/>.
    /// </summary>
    public static byte[] Build(string descr, ReadOnlySpan<int> shape)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {FormatShape(shape)}, }}";
        byte[] dictBytes = Encoding.Latin1.GetBytes(dict);
        int prefixLength = Magic.Length + 2 + 2;
        byte major = 1;
        if (Pad(prefixLength, dictBytes.Length) > ushort.MaxValue)
        {
            prefixLength = Magic.Length + 2 + 4;
            major = 2;
        }

        int headerLength = Pad(prefixLength, dictBytes.Length);
        byte[] result = new byte[prefixLength + headerLength];
        Magic.CopyTo(result, 0);
        result[6] = major;
        result[7] = 0;
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)headerLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), (uint)headerLength);
        }

        dictBytes.CopyTo(result, prefixLength);
        result.AsSpan(prefixLength + dictBytes.Length).Fill((byte)' ');
        result[^1] = (byte)'\n';
        return result;
    }

    // The header length (dict + spaces + '\n') so that prefix + header is a multiple of Alignment.
    private static int Pad(int prefixLength, int dictLength)
    {
        int unpadded = prefixLength + dictLength + 1;
        int padding = (Alignment - (unpadded % Alignment)) % Alignment;
        return dictLength + padding + 1;
    }

    /// <summary>Formats a shape as python does: <c>()</c>, <c>(5,)</c>, <c>(3, 4)</c>.</summary>
    public static string FormatShape(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"({shape[0]},)");
        }

        var sb = new StringBuilder("(");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }

        return sb.Append(')').ToString();
    }

    private static string Quote(string headerText)
    {
        string trimmed = headerText.TrimEnd();
        return trimmed.Length > 200 ? $"\"{trimmed[..200]}...\"" : $"\"{trimmed}\"";
    }
}
