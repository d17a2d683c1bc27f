using System.Globalization;
using System.Text;

namespace TfInit.PythonCode;

/// <summary>
/// Python code that TfInit does not accept: outside the grammar, an unknown function or keyword, a bad value, or a
/// line numpy itself rejects. The message is one line that names the position and what is allowed.
/// </summary>
public sealed class PythonCodeException : ArgumentException
{
    /// <summary>Creates the error.</summary>
    /// <param name="line">1-based line of the offending code.</param>
    /// <param name="column">1-based column of the offending code.</param>
    /// <param name="message">What is wrong and what is allowed, in one line.</param>
    public PythonCodeException(int line, int column, string message)
        : base($"Python code, line {line}, column {column}: {Printable(message)}", "code")
    {
        Line = line;
        Column = column;
    }

    /// <summary>The one-line message, without ArgumentException's "(Parameter 'code')" suffix.</summary>
    public override string Message => base.Message.Split(" (Parameter '")[0];

    /// <summary>1-based line of the offending code.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending code.</summary>
    public int Column { get; }

    /// <summary>
    /// The message with control characters, format characters (a right-to-left override, a zero-width space) and lone
    /// surrogates from the user's code written as <c>\uXXXX</c>: an error line must not move the cursor, recolour or
    /// reorder the user's terminal, whatever the code held.
    /// </summary>
    private static string Printable(string message)
    {
        var text = new StringBuilder(message.Length);
        for (int i = 0; i < message.Length; i++)
        {
            char c = message[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < message.Length && char.IsLowSurrogate(message[i + 1]);
            if (pair)
            {
                text.Append(c).Append(message[++i]);
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    internal static PythonCodeException At(SourcePosition position, string message) => new(position.Line, position.Column, message);
}
