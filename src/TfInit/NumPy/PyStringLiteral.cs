using System.Globalization;
using System.Text;

namespace TfInit.NumPy;

/// <summary>
/// Reads one single-line Python string literal (<c>'...'</c> or <c>"..."</c>) with Python's escapes: shared by the
/// <c>.npy</c> header parser and the Python-code reader, so both read strings alike.
/// </summary>
internal static class PyStringLiteral
{
    /// <summary>Reads the literal whose opening quote is at <paramref name="pos"/>; on return pos is past the closing quote.</summary>
    /// <param name="text">The whole text.</param>
    /// <param name="pos">Index of the opening quote; advanced past the literal.</param>
    /// <param name="errorAt">Where the error lies when a <see cref="FormatException"/> is thrown.</param>
    /// <returns>The string's value.</returns>
    /// <exception cref="FormatException">An unterminated string, a newline inside it, or a bad escape.</exception>
    public static string Read(string text, ref int pos, out int errorAt)
    {
        char quote = text[pos++];
        var sb = new StringBuilder();
        while (true)
        {
            errorAt = pos;
            if (pos >= text.Length)
            {
                throw new FormatException("unterminated string");
            }

            char c = text[pos++];
            if (c == quote)
            {
                return sb.ToString();
            }

            if (c is '\n' or '\r')
            {
                throw new FormatException("newline inside string");
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            errorAt = pos;
            if (pos >= text.Length)
            {
                throw new FormatException("unterminated string");
            }

            char e = text[pos++];
            switch (e)
            {
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case '0': sb.Append('\0'); break;
                case 'x': sb.Append((char)Hex(text, ref pos, 2, out errorAt)); break;
                case 'u': sb.Append((char)Hex(text, ref pos, 4, out errorAt)); break;
                case 'U':
                    int codePoint = Hex(text, ref pos, 8, out errorAt);
                    if (codePoint is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
                    {
                        throw new FormatException("bad \\U escape");
                    }

                    sb.Append(char.ConvertFromUtf32(codePoint));
                    break;
                default: sb.Append('\\').Append(e); break;
            }
        }
    }

    private static int Hex(string text, ref int pos, int count, out int errorAt)
    {
        errorAt = pos;
        if (pos + count > text.Length
            || !int.TryParse(text.AsSpan(pos, count), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value))
        {
            throw new FormatException("bad escape sequence");
        }

        pos += count;
        return value;
    }
}
