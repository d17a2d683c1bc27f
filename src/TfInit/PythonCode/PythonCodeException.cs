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
        : base($"Python code, line {line}, column {column}: {message}", "code")
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

    internal static PythonCodeException At(SourcePosition position, string message) => new(position.Line, position.Column, message);
}
