using System.Globalization;
using System.Numerics;

namespace TfInit.NumPy;

/// <summary>
/// A parsed python tuple, e.g. <c>(3, 4)</c>, <c>(5,)</c> or <c>()</c>.
/// </summary>
/// <param name="Items">The elements.</param>
internal sealed record PyTuple(IReadOnlyList<object?> Items);

/// <summary>
/// A small parser for the python literals that appear in a <c>.npy</c> header: a dict with string keys
/// whose values are strings, integers, <c>True</c>/<c>False</c>/<c>None</c>, tuples, lists and dicts.
/// Results: <see cref="string"/>, <see cref="BigInteger"/>, <see cref="bool"/>, <see langword="null"/>,
/// <see cref="PyTuple"/>, <see cref="List{T}"/> of <see cref="object"/> and
/// <see cref="Dictionary{TKey, TValue}"/> of string to object.
/// </summary>
internal sealed class PyLiteralParser
{
    private const int MaxDepth = 64;
    private readonly string _text;
    private int _pos;
    private int _depth;

    private PyLiteralParser(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/> as one python literal surrounded by optional whitespace.</summary>
    /// <exception cref="FormatException">The text is not a supported python literal; the message says where and why.</exception>
    public static object? Parse(string text)
    {
        var parser = new PyLiteralParser(text);
        parser.SkipWhitespace();
        object? value = parser.ParseValue();
        parser.SkipWhitespace();
        if (parser._pos != text.Length)
        {
            throw parser.Error("unexpected text after the end of the literal");
        }

        return value;
    }

    private FormatException Error(string what)
    {
        string near = _pos < _text.Length
            ? _text.Substring(_pos, Math.Min(20, _text.Length - _pos))
            : "<end>";
        return new FormatException($"{what} at character {_pos} (near '{near}')");
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
        {
            _pos++;
        }
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void Expect(char c)
    {
        SkipWhitespace();
        if (Peek() != c)
        {
            throw Error($"expected '{c}'");
        }

        _pos++;
    }

    private object? ParseValue()
    {
        SkipWhitespace();
        if (++_depth > MaxDepth)
        {
            throw Error($"literal nested deeper than {MaxDepth} levels");
        }

        try
        {
            char c = Peek();
            switch (c)
            {
                case '{':
                    return ParseDict();
                case '(':
                    return ParseParenthesized();
                case '[':
                    return ParseList();
                case '\'':
                case '"':
                    return ParseString();
                case 'u' or 'U' when _pos + 1 < _text.Length && _text[_pos + 1] is '\'' or '"':
                    _pos++;
                    return ParseString();
                case '-' or '+':
                case >= '0' and <= '9':
                    return ParseInteger();
                default:
                    if (TryKeyword("True"))
                    {
                        return true;
                    }

                    if (TryKeyword("False"))
                    {
                        return false;
                    }

                    if (TryKeyword("None"))
                    {
                        return null;
                    }

                    throw Error(_pos >= _text.Length ? "unexpected end of text" : "unexpected character");
            }
        }
        finally
        {
            _depth--;
        }
    }

    private bool TryKeyword(string word)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
        {
            return false;
        }

        int end = _pos + word.Length;
        if (end < _text.Length && (char.IsLetterOrDigit(_text[end]) || _text[end] == '_'))
        {
            return false;
        }

        _pos = end;
        return true;
    }

    private Dictionary<string, object?> ParseDict()
    {
        _pos++; // '{'
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            SkipWhitespace();
            if (Peek() == '}')
            {
                _pos++;
                return result;
            }

            if (ParseValue() is not string key)
            {
                throw Error("dict keys must be strings");
            }

            Expect(':');
            result[key] = ParseValue();
            SkipWhitespace();
            if (Peek() == ',')
            {
                _pos++;
            }
            else if (Peek() != '}')
            {
                throw Error("expected ',' or '}' in dict");
            }
        }
    }

    private List<object?> ParseList()
    {
        _pos++; // '['
        var items = ParseSequence(']', out _);
        return items;
    }

    private object? ParseParenthesized()
    {
        _pos++; // '('
        var items = ParseSequence(')', out bool sawComma);

        // Python: "(5)" is just 5, "(5,)" and "()" are tuples.
        return items.Count == 1 && !sawComma ? items[0] : new PyTuple(items);
    }

    private List<object?> ParseSequence(char close, out bool sawComma)
    {
        var items = new List<object?>();
        sawComma = false;
        while (true)
        {
            SkipWhitespace();
            if (Peek() == close)
            {
                _pos++;
                return items;
            }

            items.Add(ParseValue());
            SkipWhitespace();
            if (Peek() == ',')
            {
                _pos++;
                sawComma = true;
            }
            else if (Peek() != close)
            {
                throw Error($"expected ',' or '{close}'");
            }
        }
    }

    private BigInteger ParseInteger()
    {
        int start = _pos;
        if (Peek() is '-' or '+')
        {
            _pos++;
            SkipWhitespace();
        }

        int digitsStart = _pos;
        while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        if (_pos == digitsStart)
        {
            throw Error("expected digits");
        }

        if (Peek() is '.' or 'e' or 'E' or 'x' or 'X' or 'j' or 'J')
        {
            throw Error("only decimal integers are supported");
        }

        string digits = _text[digitsStart.._pos].Replace("_", string.Empty, StringComparison.Ordinal);
        var value = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

        // Python 2 long suffix, as written by old numpy versions: "(3L, 4L)".
        if (Peek() is 'L' or 'l')
        {
            _pos++;
        }

        return _text[start] == '-' ? -value : value;
    }

    private string ParseString()
    {
        int errorAt = _pos;
        try
        {
            return PyStringLiteral.Read(_text, ref _pos, out errorAt);
        }
        catch (FormatException e)
        {
            _pos = errorAt;
            throw Error(e.Message);
        }
    }
}
