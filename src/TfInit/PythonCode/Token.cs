namespace TfInit.PythonCode;

/// <summary>What a token is.</summary>
internal enum TokenKind
{
    /// <summary>An identifier or keyword (<c>np</c>, <c>True</c>, <c>import</c>).</summary>
    Name,

    /// <summary>An integer literal; <see cref="Token.Value"/> is a <see cref="long"/>.</summary>
    Int,

    /// <summary>A float literal; <see cref="Token.Value"/> is a <see cref="double"/>.</summary>
    Float,

    /// <summary>A string literal; <see cref="Token.Value"/> is its text.</summary>
    String,

    /// <summary>An operator or delimiter: <c>( ) [ ] , . = + - * / ** ; :</c>.</summary>
    Operator,

    /// <summary>The end of a statement: a newline outside brackets, or <c>;</c>.</summary>
    EndOfStatement,

    /// <summary>The end of the text.</summary>
    End,
}

/// <summary>One token of a Python snippet, with where it starts (1-based line and column).</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">Its text as written.</param>
/// <param name="Position">Where it starts.</param>
/// <param name="Value">The literal's value for numbers and strings.</param>
internal readonly record struct Token(TokenKind Kind, string Text, SourcePosition Position, object? Value = null)
{
    /// <summary>Whether this is the operator or name <paramref name="text"/>.</summary>
    public bool Is(string text) => Kind is TokenKind.Operator or TokenKind.Name && Text == text;
}
