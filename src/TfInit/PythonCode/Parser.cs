namespace TfInit.PythonCode;

/// <summary>
/// Parses the accepted subset of Python: statements (<c>name = expr</c>, an expression, <c>import</c>) separated by
/// newlines or <c>;</c>; expressions with <c>+ - * / **</c>, parentheses, calls with positional, keyword and
/// <c>*</c> arguments, attributes, one-integer subscripts, tuples, lists, numbers, strings, True, False and None.
/// Nothing is evaluated here.
/// </summary>
internal sealed class Parser
{
    private const int MaxDepth = 200;
    private static readonly HashSet<string> Keywords =
    [
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
        "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
        "raise", "return", "try", "while", "with", "yield",
    ];

    private readonly List<Token> _tokens;
    private int _index;
    private int _depth;

    private Parser(List<Token> tokens) => _tokens = tokens;

    private Token Current => _tokens[_index];

    /// <summary>Parses <paramref name="code"/> into statements.</summary>
    /// <exception cref="PythonCodeException">Code outside the grammar; the message names the position and what is allowed.</exception>
    public static IReadOnlyList<Statement> Parse(string code)
    {
        var parser = new Parser(Lexer.Tokenize(code));
        var statements = new List<Statement>();
        while (parser.Current.Kind != TokenKind.End)
        {
            statements.Add(parser.Statement());
            if (parser.Current.Kind == TokenKind.EndOfStatement)
            {
                parser._index++;
            }
            else if (parser.Current.Kind != TokenKind.End)
            {
                throw parser.Unexpected("the end of the statement (a newline or ';')");
            }
        }

        if (statements.Count == 0)
        {
            throw new PythonCodeException(1, 1, "the code is empty; give an initializer call or numpy lines");
        }

        return statements;
    }

    private Statement Statement()
    {
        var start = Current;
        if (start.Is("import"))
        {
            _index++;
            string module = DottedName();
            string alias = module.Split('.')[0];
            if (Current.Is("as"))
            {
                _index++;
                alias = Identifier("a name after 'as'");
            }
            else if (module.Contains('.'))
            {
                // import torch.nn binds torch, which the default names already know.
                module = alias;
            }

            return new ImportStatement(start.Position, module, alias);
        }

        if (start.Is("from"))
        {
            _index++;
            string module = DottedName();
            if (!Current.Is("import"))
            {
                throw Unexpected("'import' after 'from module'");
            }

            _index++;
            string name = Identifier("a name to import");
            string alias = name;
            if (Current.Is("as"))
            {
                _index++;
                alias = Identifier("a name after 'as'");
            }

            return new ImportStatement(start.Position, module + "." + name, alias);
        }

        if (start.Kind == TokenKind.Name && _tokens[_index + 1].Is("="))
        {
            string target = Identifier("a name");
            _index++;
            return new AssignStatement(start.Position, target, Expression());
        }

        var value = Expression();
        if (Current.Is("="))
        {
            throw PythonCodeException.At(Current.Position, "only a plain name can be assigned to (name = expression)");
        }

        return new ExpressionStatement(start.Position, value);
    }

    private string DottedName()
    {
        string name = Identifier("a module name");
        while (Current.Is("."))
        {
            _index++;
            name += "." + Identifier("a module name after '.'");
        }

        return name;
    }

    private string Identifier(string expected)
    {
        var token = Current;
        if (token.Kind != TokenKind.Name || Keywords.Contains(token.Text) || token.Text is "True" or "False" or "None")
        {
            throw Unexpected(expected);
        }

        _index++;
        return token.Text;
    }

    private Node Expression()
    {
        int entered = _depth;
        try
        {
            Enter(Current.Position);
            return LeftChain(Term, "+", "-");
        }
        finally
        {
            _depth = entered;
        }
    }

    private Node Term() => LeftChain(Factor, "*", "/");

    /// <summary>A left-associative chain <c>operand (op operand)*</c> of the two operators given (+ -, or * /).</summary>
    private Node LeftChain(Func<Node> operand, string op1, string op2)
    {
        int entered = _depth;
        try
        {
            var left = operand();
            while (Current.Is(op1) || Current.Is(op2))
            {
                var op = Current;
                _index++;
                Enter(op.Position);
                left = new BinaryNode(op.Position, op.Text, left, operand());
            }

            return left;
        }
        finally
        {
            _depth = entered;
        }
    }

    private Node Factor()
    {
        int entered = _depth;
        try
        {
            if (Current.Is("-") || Current.Is("+"))
            {
                var op = Current;
                _index++;
                Enter(op.Position);
                return new UnaryNode(op.Position, op.Text, Factor());
            }

            return Power();
        }
        finally
        {
            _depth = entered;
        }
    }

    private Node Power()
    {
        int entered = _depth;
        try
        {
            var left = Primary();
            if (Current.Is("**"))
            {
                var op = Current;
                _index++;
                Enter(op.Position);

                // Python: ** binds tighter than a unary minus on its left and is right-associative (2 ** -1, 2 ** 3 ** 2).
                return new BinaryNode(op.Position, "**", left, Factor());
            }

            return left;
        }
        finally
        {
            _depth = entered;
        }
    }

    /// <summary>
    /// One level deeper in the tree being built. Every link of a chain counts (1+1+...+1, 2**2**...**2, f()()..., a.b.c...,
    /// x[0][0]...: such a tree is as deep as the chain is long), so the tree's depth, and with it the recursion of
    /// everything that walks it, stays within <see cref="MaxDepth"/> levels however long the code is.
    /// </summary>
    private void Enter(SourcePosition position)
    {
        if (++_depth > MaxDepth)
        {
            throw PythonCodeException.At(position,
                $"the expression is nested deeper than {MaxDepth} levels (each bracket, operator, call, '.' or index of a chain counts as one)");
        }
    }

    private Node Primary()
    {
        int entered = _depth;
        try
        {
            var node = Atom();
            while (true)
            {
                if (Current.Is("(") || Current.Is(".") || Current.Is("["))
                {
                    Enter(Current.Position);
                }

                if (Current.Is("("))
                {
                    _index++;
                    node = new CallNode(node.Position, node, Arguments());
                }
                else if (Current.Is("."))
                {
                    _index++;
                    node = new AttributeNode(node.Position, node, Identifier("a name after '.'"));
                }
                else if (Current.Is("["))
                {
                    _index++;
                    if (Current.Is("]") || Current.Is(":"))
                    {
                        throw Unexpected("one integer index (slices are not allowed)");
                    }

                    var index = Expression();
                    if (!Current.Is("]"))
                    {
                        throw Unexpected("']' after one integer index (slices and several indices are not allowed)");
                    }

                    _index++;
                    node = new SubscriptNode(node.Position, node, index);
                }
                else
                {
                    return node;
                }
            }
        }
        finally
        {
            _depth = entered;
        }
    }

    private List<ArgumentNode> Arguments()
    {
        var arguments = new List<ArgumentNode>();
        bool sawKeyword = false;
        while (!Current.Is(")"))
        {
            var start = Current;
            if (start.Is("*"))
            {
                _index++;
                arguments.Add(new ArgumentNode(start.Position, null, true, Expression()));
            }
            else if (start.Kind == TokenKind.Name && _tokens[_index + 1].Is("="))
            {
                string keyword = Identifier("a keyword name");
                _index++;
                if (arguments.Any(a => a.Keyword == keyword))
                {
                    throw PythonCodeException.At(start.Position, $"keyword argument '{keyword}' repeated");
                }

                sawKeyword = true;
                arguments.Add(new ArgumentNode(start.Position, keyword, false, Expression()));
            }
            else
            {
                if (sawKeyword)
                {
                    throw PythonCodeException.At(start.Position, "a positional argument follows a keyword argument");
                }

                arguments.Add(new ArgumentNode(start.Position, null, false, Expression()));
            }

            if (Current.Is(","))
            {
                _index++;
            }
            else if (!Current.Is(")"))
            {
                throw Unexpected("',' or ')' in the argument list");
            }
        }

        _index++;
        return arguments;
    }

    private Node Atom()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Int or TokenKind.Float:
                _index++;
                return new LiteralNode(token.Position, token.Value);
            case TokenKind.String:
                _index++;
                string text = (string)token.Value!;
                while (Current.Kind == TokenKind.String)
                {
                    // Python joins adjacent string literals.
                    text += (string)Current.Value!;
                    _index++;
                }

                return new LiteralNode(token.Position, text);
            case TokenKind.Name when token.Text is "True" or "False":
                _index++;
                return new LiteralNode(token.Position, token.Text == "True");
            case TokenKind.Name when token.Text == "None":
                _index++;
                return new LiteralNode(token.Position, null);
            case TokenKind.Name when !Keywords.Contains(token.Text):
                _index++;
                return new NameNode(token.Position, token.Text);
            case TokenKind.Operator when token.Text is "(" or "[":
                _index++;
                return Sequence(token);
            default:
                throw Unexpected("a number, a string, a name, '(' or '['");
        }
    }

    private Node Sequence(Token open)
    {
        string close = open.Text == "(" ? ")" : "]";
        var items = new List<Node>();
        bool sawComma = false;
        while (!Current.Is(close))
        {
            items.Add(Expression());
            if (Current.Is(","))
            {
                sawComma = true;
                _index++;
            }
            else if (!Current.Is(close))
            {
                throw Unexpected($"',' or '{close}'");
            }
        }

        _index++;
        if (open.Text == "(" && items.Count == 1 && !sawComma)
        {
            return items[0];
        }

        return new SequenceNode(open.Position, open.Text == "(", items);
    }

    private PythonCodeException Unexpected(string expected)
    {
        var token = Current;
        string found = token.Kind switch
        {
            TokenKind.End => "the end of the code",
            TokenKind.EndOfStatement => "the end of the statement",
            _ => $"'{token.Text}'",
        };
        string hint = token.Kind == TokenKind.Name && Keywords.Contains(token.Text)
            ? $" ('{token.Text}' statements are outside the accepted grammar: assignments, expressions and imports only)"
            : "";
        return PythonCodeException.At(token.Position, $"expected {expected}, found {found}{hint}");
    }
}
