using System.Globalization;
using TfInit.NumPy;

namespace TfInit.PythonCode;

/// <summary>
/// Splits a Python snippet into tokens. Newlines end a statement outside brackets (as in Python), <c>;</c> always
/// does; comments and a backslash before a newline are skipped. Only the operators of the accepted grammar exist.
/// </summary>
internal sealed class Lexer
{
    private const string Allowed = "names, numbers, strings, ( ) [ ] , . = + - * / ** ; and # comments";
    private static readonly string[] Operators = ["**", "(", ")", "[", "]", ",", ".", "=", "+", "-", "*", "/", ";", ":"];

    private readonly string _text;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _depth;

    private Lexer(string text) => _text = text;

    /// <summary>The tokens of <paramref name="text"/>, ending with <see cref="TokenKind.End"/>.</summary>
    /// <exception cref="PythonCodeException">A character or literal outside the grammar.</exception>
    public static List<Token> Tokenize(string text)
    {
        var lexer = new Lexer(text);
        lexer.Run();
        return lexer._tokens;
    }

    private SourcePosition Here => new(_line, _pos - _lineStart + 1);

    private void Run()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c is '\n')
            {
                NewLine();
            }
            else if (c is ' ' or '\t' or '\r' or '\f')
            {
                _pos++;
            }
            else if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else if (c == '\\' && _pos + 1 < _text.Length && (_text[_pos + 1] == '\n' || (_text[_pos + 1] == '\r' && _pos + 2 < _text.Length && _text[_pos + 2] == '\n')))
            {
                _pos = _text.IndexOf('\n', _pos);
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                NameOrString();
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1])))
            {
                Number();
            }
            else if (c is '\'' or '"')
            {
                String(Here);
            }
            else
            {
                Operator();
            }
        }

        if (_depth > 0)
        {
            throw PythonCodeException.At(Here, "unexpected end of the code: a bracket is not closed");
        }

        EndStatement(Here);
        _tokens.Add(new Token(TokenKind.End, "", Here));
    }

    private void NewLine()
    {
        if (_depth == 0)
        {
            EndStatement(Here);
        }

        _pos++;
        _line++;
        _lineStart = _pos;
    }

    private void EndStatement(SourcePosition at)
    {
        if (_tokens.Count > 0 && _tokens[^1].Kind != TokenKind.EndOfStatement)
        {
            _tokens.Add(new Token(TokenKind.EndOfStatement, ";", at));
        }
    }

    private void NameOrString()
    {
        var at = Here;
        int start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        string name = _text[start.._pos];
        if (_pos < _text.Length && _text[_pos] is '\'' or '"' && name.Length <= 2)
        {
            if (name is "r" or "R")
            {
                RawString(at);
                return;
            }

            if (name is "u" or "U")
            {
                String(at);
                return;
            }

            throw PythonCodeException.At(at, $"string prefix '{name}' is not allowed; allowed: plain, r'...' and u'...' strings");
        }

        _tokens.Add(new Token(TokenKind.Name, name, at));
    }

    private void String(SourcePosition at)
    {
        if (IsTripleQuote())
        {
            throw PythonCodeException.At(at, "triple-quoted strings are not allowed; allowed: '...' and \"...\" on one line");
        }

        int start = _pos;
        try
        {
            string value = PyStringLiteral.Read(_text, ref _pos, out _);
            _tokens.Add(new Token(TokenKind.String, _text[start.._pos], at, value));
        }
        catch (FormatException e)
        {
            throw PythonCodeException.At(at, $"{e.Message}; allowed: '...' and \"...\" on one line");
        }
    }

    private void RawString(SourcePosition at)
    {
        if (IsTripleQuote())
        {
            throw PythonCodeException.At(at, "triple-quoted strings are not allowed; allowed: '...' and \"...\" on one line");
        }

        char quote = _text[_pos];
        int end = _text.IndexOfAny([quote, '\n'], _pos + 1);
        if (end < 0 || _text[end] != quote)
        {
            throw PythonCodeException.At(at, "unterminated string; allowed: '...' and \"...\" on one line");
        }

        string value = _text[(_pos + 1)..end];
        _pos = end + 1;
        _tokens.Add(new Token(TokenKind.String, value, at, value));
    }

    private bool IsTripleQuote() =>
        _pos + 2 < _text.Length && _text[_pos + 1] == _text[_pos] && _text[_pos + 2] == _text[_pos];

    private void Number()
    {
        var at = Here;
        int start = _pos;
        bool isFloat = false;
        Digits();
        if (_pos < _text.Length && _text[_pos] == '.')
        {
            isFloat = true;
            _pos++;
            Digits();
        }

        if (_pos < _text.Length && _text[_pos] is 'e' or 'E')
        {
            isFloat = true;
            _pos++;
            if (_pos < _text.Length && _text[_pos] is '+' or '-')
            {
                _pos++;
            }

            int exponentStart = _pos;
            Digits();
            if (_pos == exponentStart)
            {
                throw PythonCodeException.At(at, $"malformed number '{_text[start.._pos]}'; allowed: integers and floats such as 2, 0.5, 1e-3");
            }
        }

        if (_pos < _text.Length && (char.IsAsciiLetter(_text[_pos]) || _text[_pos] == '_'))
        {
            string what = _text[_pos] is 'j' or 'J' ? "complex numbers are not allowed" : $"malformed number '{_text[start..(_pos + 1)]}'";
            throw PythonCodeException.At(at, $"{what}; allowed: integers and floats such as 2, 0.5, 1e-3");
        }

        string digits = _text[start.._pos].Replace("_", "", StringComparison.Ordinal);
        if (isFloat)
        {
            // double.Parse rounds correctly, as Python's float() does.
            _tokens.Add(new Token(TokenKind.Float, _text[start.._pos], at, double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture)));
            return;
        }

        if (digits.Length > 1 && digits[0] == '0' && digits.Any(d => d != '0'))
        {
            throw PythonCodeException.At(at, $"leading zeros in the integer '{digits}' are not allowed in Python 3");
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
        {
            throw PythonCodeException.At(at, $"the integer {digits} is too large; allowed: integers up to {long.MaxValue}");
        }

        _tokens.Add(new Token(TokenKind.Int, _text[start.._pos], at, value));
    }

    private void Digits()
    {
        while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || (_text[_pos] == '_' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1]))))
        {
            _pos++;
        }
    }

    private void Operator()
    {
        var at = Here;
        foreach (string op in Operators)
        {
            if (string.CompareOrdinal(_text, _pos, op, 0, op.Length) != 0)
            {
                continue;
            }

            if (op is "*" or "/" && _pos + 1 < _text.Length && _text[_pos + 1] is '=' or '/' or '*')
            {
                break;
            }

            if (op == "=" && _pos + 1 < _text.Length && _text[_pos + 1] == '=')
            {
                break;
            }

            _pos += op.Length;
            switch (op)
            {
                case "(" or "[":
                    _depth++;
                    break;
                case ")" or "]":
                    _depth = Math.Max(0, _depth - 1);
                    break;
                case ";":
                    EndStatement(at);
                    return;
            }

            _tokens.Add(new Token(TokenKind.Operator, op, at));
            return;
        }

        string shown = _pos + 1 < _text.Length && !char.IsWhiteSpace(_text[_pos + 1]) && !char.IsLetterOrDigit(_text[_pos + 1])
            ? _text.Substring(_pos, 2)
            : _text[_pos].ToString();
        throw PythonCodeException.At(at, $"'{shown}' is not allowed here; allowed: {Allowed}");
    }
}
