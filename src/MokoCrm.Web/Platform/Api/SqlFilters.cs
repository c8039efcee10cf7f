using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace MokoCrm.Web.Platform.Api;

/// <summary>One criterion of Dolibarr's sqlfilters: <c>(t.ref:like:'PR%')</c>.</summary>
public abstract record FilterNode;

public sealed record FilterCriterion(string Field, string Operator, IReadOnlyList<string?> Values) : FilterNode;

public sealed record FilterGroup(bool IsAnd, IReadOnlyList<FilterNode> Parts) : FilterNode;

/// <summary>
/// Dolibarr's sqlfilters syntax, parsed into a tree and never pasted into SQL: criteria <c>(field:op:value)</c>, joined
/// by <c>and</c> / <c>or</c>, grouped by parentheses. Values are 'quoted strings' (a quote doubled or escaped inside),
/// numbers, <c>null</c>, or for <c>in</c> / <c>notin</c> a parenthesised list. Anything else is refused with the
/// position where it went wrong.
/// </summary>
public sealed class SqlFilterParser
{
    public static readonly string[] Operators = ["=", "!=", "<>", "<", ">", "<=", ">=", "like", "notlike", "in", "notin", "is", "isnot"];

    private const int MaxLength = 2000;
    private const int MaxDepth = 10;
    private readonly string _text;
    private int _at;

    private SqlFilterParser(string text) => _text = text;

    public static FilterNode? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.Length > MaxLength)
        {
            throw ApiException.BadRequest($"sqlfilters is too long (at most {MaxLength} characters).");
        }

        var parser = new SqlFilterParser(text);
        var node = parser.Expression(0);
        parser.SkipSpaces();
        if (parser._at < text.Length)
        {
            throw parser.Error("expected 'and', 'or' or the end");
        }

        return node;
    }

    private FilterNode Expression(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("too many nested parentheses");
        }

        var parts = new List<FilterNode> { Term(depth) };
        var joins = new List<bool>();
        while (true)
        {
            SkipSpaces();
            if (TryWord("and"))
            {
                joins.Add(true);
            }
            else if (TryWord("or"))
            {
                joins.Add(false);
            }
            else
            {
                break;
            }

            parts.Add(Term(depth));
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        // "and" binds tighter than "or", as in SQL: a and b or c = (a and b) or c.
        var ors = new List<FilterNode>();
        var ands = new List<FilterNode> { parts[0] };
        for (var i = 0; i < joins.Count; i++)
        {
            if (joins[i])
            {
                ands.Add(parts[i + 1]);
            }
            else
            {
                ors.Add(ands.Count == 1 ? ands[0] : new FilterGroup(true, ands));
                ands = [parts[i + 1]];
            }
        }

        ors.Add(ands.Count == 1 ? ands[0] : new FilterGroup(true, ands));
        return ors.Count == 1 ? ors[0] : new FilterGroup(false, ors);
    }

    private FilterNode Term(int depth)
    {
        SkipSpaces();
        Expect('(');
        SkipSpaces();
        if (Peek() == '(')
        {
            var inner = Expression(depth + 1);
            SkipSpaces();
            Expect(')');
            return inner;
        }

        var field = Field();
        Expect(':');
        var op = Operator();
        Expect(':');
        SkipSpaces();
        var values = op is "in" or "notin" ? List() : [Value()];
        SkipSpaces();
        Expect(')');
        return new FilterCriterion(field, op, values);
    }

    private string Field()
    {
        var start = _at;
        while (_at < _text.Length && (char.IsAsciiLetterOrDigit(_text[_at]) || _text[_at] is '_' or '.'))
        {
            _at++;
        }

        if (_at == start)
        {
            throw Error("expected a field name such as t.ref");
        }

        return _text[start.._at].ToLowerInvariant();
    }

    private string Operator()
    {
        var start = _at;
        while (_at < _text.Length && _text[_at] != ':')
        {
            _at++;
        }

        var op = _text[start.._at].Trim().ToLowerInvariant();
        if (!Operators.Contains(op))
        {
            _at = start;
            throw Error($"unknown operator '{op}' (use {string.Join(" ", Operators)})");
        }

        return op;
    }

    private List<string?> List()
    {
        var hasParen = Peek() == '(';
        if (hasParen)
        {
            _at++;
        }

        var values = new List<string?>();
        while (true)
        {
            SkipSpaces();
            values.Add(Value());
            SkipSpaces();
            if (Peek() == ',')
            {
                _at++;
                continue;
            }

            break;
        }

        if (hasParen)
        {
            Expect(')');
        }

        if (values.Count > 1000)
        {
            throw Error("at most 1000 values in a list");
        }

        return values;
    }

    private string? Value()
    {
        if (Peek() == '\'' || Peek() == '"')
        {
            var quote = _text[_at++];
            var value = new System.Text.StringBuilder();
            while (true)
            {
                if (_at >= _text.Length)
                {
                    throw Error("a quoted value is not closed");
                }

                var c = _text[_at++];
                if (c == '\\' && _at < _text.Length)
                {
                    value.Append(_text[_at++]);
                }
                else if (c == quote && Peek() == quote)
                {
                    value.Append(quote);
                    _at++;
                }
                else if (c == quote)
                {
                    return value.ToString();
                }
                else
                {
                    value.Append(c);
                }
            }
        }

        var start = _at;
        while (_at < _text.Length && (char.IsAsciiLetterOrDigit(_text[_at]) || _text[_at] is '.' or '-' or '+' or '_'))
        {
            _at++;
        }

        if (_at == start)
        {
            throw Error("expected a value: a 'quoted text', a number or null");
        }

        var bare = _text[start.._at];
        return bare.Equals("null", StringComparison.OrdinalIgnoreCase) ? null : bare;
    }

    private bool TryWord(string word)
    {
        if (_at + word.Length <= _text.Length && string.Compare(_text, _at, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (_at + word.Length == _text.Length || !char.IsAsciiLetterOrDigit(_text[_at + word.Length])))
        {
            _at += word.Length;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error($"expected '{c}'");
        }

        _at++;
    }

    private char Peek() => _at < _text.Length ? _text[_at] : '\0';

    private void SkipSpaces()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
        {
            _at++;
        }
    }

    private ApiException Error(string what) =>
        ApiException.BadRequest($"Error when validating parameter sqlfilters at character {_at + 1}: {what}. Syntax: (t.field:operator:'value') joined by and / or.");
}

/// <summary>
/// The fields a resource offers to filters and sorting, each mapped to a property of the query's rows: the whitelist
/// that stands between a client's sqlfilters and the SQL. A field may carry its own parser (Dolibarr status codes →
/// our statuses, Unix or yyyymmdd dates).
/// </summary>
public sealed class ApiFields<T>
{
    private readonly Dictionary<string, (LambdaExpression Selector, Func<string, object>? Parse)> _fields = new(StringComparer.OrdinalIgnoreCase);

    public ApiFields<T> Add<TValue>(string name, Expression<Func<T, TValue>> selector, Func<string, object>? parse = null)
    {
        _fields[name] = (selector, parse);
        if (name.StartsWith("t.", StringComparison.OrdinalIgnoreCase))
        {
            _fields[name[2..]] = (selector, parse);
        }

        return this;
    }

    public IEnumerable<string> Names => _fields.Keys.Where(k => k.StartsWith("t.", StringComparison.Ordinal) || !_fields.ContainsKey("t." + k)).Order(StringComparer.Ordinal);

    public bool Has(string name) => _fields.ContainsKey(name);

    public IQueryable<T> Filter(IQueryable<T> rows, FilterNode? filter)
    {
        if (filter is null)
        {
            return rows;
        }

        var row = Expression.Parameter(typeof(T), "t");
        return rows.Where(Expression.Lambda<Func<T, bool>>(Build(filter, row), row));
    }

    public IQueryable<T> Sort(IQueryable<T> rows, string? sortField, string? sortOrder, string defaultField)
    {
        var fields = string.IsNullOrWhiteSpace(sortField) ? [defaultField] : sortField.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var descending = sortOrder?.Trim().ToUpperInvariant() switch
        {
            null or "" or "ASC" => false,
            "DESC" => true,
            _ => throw ApiException.BadRequest("sortorder is ASC or DESC."),
        };
        IOrderedQueryable<T>? ordered = null;
        foreach (var name in fields.Take(5))
        {
            if (!_fields.TryGetValue(name, out var field))
            {
                throw ApiException.BadRequest($"Unknown sortfield '{name}'. Sortable fields: {string.Join(", ", Names)}.");
            }

            var method = (ordered is null ? (descending ? "OrderByDescending" : "OrderBy") : (descending ? "ThenByDescending" : "ThenBy"));
            ordered = (IOrderedQueryable<T>)rows.Provider.CreateQuery<T>(Expression.Call(typeof(Queryable), method,
                [typeof(T), field.Selector.ReturnType], (ordered ?? rows).Expression, Expression.Quote(field.Selector)));
        }

        return ordered ?? rows;
    }

    private Expression Build(FilterNode node, ParameterExpression row)
    {
        if (node is FilterGroup group)
        {
            var parts = group.Parts.Select(p => Build(p, row)).ToList();
            return parts.Skip(1).Aggregate(parts[0], (a, b) => group.IsAnd ? Expression.AndAlso(a, b) : Expression.OrElse(a, b));
        }

        var c = (FilterCriterion)node;
        if (!_fields.TryGetValue(c.Field, out var field))
        {
            throw ApiException.BadRequest($"Error when validating parameter sqlfilters: unknown field '{c.Field}'. Fields: {string.Join(", ", Names)}.");
        }

        var body = new ParameterReplacer(field.Selector.Parameters[0], row).Visit(field.Selector.Body);
        var type = body.Type;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        switch (c.Operator)
        {
            case "is" or "isnot":
                if (c.Values[0] is not null)
                {
                    throw ApiException.BadRequest($"sqlfilters: '{c.Operator}' only compares with null.");
                }

                return NullCheck(body, c.Operator == "is");
            case "in" or "notin":
                var values = c.Values.Select(v => Convert(c.Field, v, underlying, field.Parse)).ToList();
                var list = typeof(List<>).MakeGenericType(type);
                var typed = (System.Collections.IList)Activator.CreateInstance(list)!;
                foreach (var v in values)
                {
                    typed.Add(v);
                }

                var contains = Expression.Call(Parameter(typed, list), list.GetMethod("Contains")!, body);
                return c.Operator == "in" ? contains : Expression.Not(contains);
            case "like" or "notlike":
                if (underlying != typeof(string))
                {
                    throw ApiException.BadRequest($"sqlfilters: 'like' only applies to text fields; '{c.Field}' is not one.");
                }

                var ilike = Expression.Call(IlikeMethod, Expression.Constant(EF.Functions), body, Parameter(c.Values[0] ?? "", typeof(string)));
                return c.Operator == "like" ? ilike : Expression.Not(ilike);
        }

        var value = c.Values[0];
        if (value is null)
        {
            return c.Operator switch
            {
                "=" => NullCheck(body, true),
                "!=" or "<>" => NullCheck(body, false),
                _ => throw ApiException.BadRequest($"sqlfilters: '{c.Operator}' cannot compare with null."),
            };
        }

        var constant = Parameter(Convert(c.Field, value, underlying, field.Parse), type);
        if (underlying.IsEnum || underlying == typeof(bool) || underlying == typeof(string))
        {
            if (c.Operator is not ("=" or "!=" or "<>"))
            {
                if (underlying != typeof(string))
                {
                    throw ApiException.BadRequest($"sqlfilters: '{c.Field}' is only compared with = or !=.");
                }

                var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, body, constant);
                return Comparison(c.Operator, compare, Expression.Constant(0));
            }
        }

        return Comparison(c.Operator, body, constant);
    }

    private static Expression Comparison(string op, Expression left, Expression right) => op switch
    {
        "=" => Expression.Equal(left, right),
        "!=" or "<>" => Expression.NotEqual(left, right),
        "<" => Expression.LessThan(left, right),
        ">" => Expression.GreaterThan(left, right),
        "<=" => Expression.LessThanOrEqual(left, right),
        _ => Expression.GreaterThanOrEqual(left, right),
    };

    private static Expression NullCheck(Expression body, bool isNull)
    {
        if (body.Type.IsValueType && Nullable.GetUnderlyingType(body.Type) is null)
        {
            return Expression.Constant(!isNull);
        }

        var nul = Expression.Constant(null, body.Type);
        return isNull ? Expression.Equal(body, nul) : Expression.NotEqual(body, nul);
    }

    private static object Convert(string field, string? value, Type type, Func<string, object>? parse)
    {
        if (value is null)
        {
            throw ApiException.BadRequest($"sqlfilters: '{field}' cannot be null here.");
        }

        try
        {
            if (parse is not null)
            {
                return parse(value);
            }

            var c = CultureInfo.InvariantCulture;
            return type switch
            {
                _ when type == typeof(string) => value,
                _ when type == typeof(long) => long.Parse(value, NumberStyles.Integer, c),
                _ when type == typeof(int) => int.Parse(value, NumberStyles.Integer, c),
                _ when type == typeof(decimal) => decimal.Parse(value, NumberStyles.Number, c),
                _ when type == typeof(bool) => value is "1" or "true" ? true : value is "0" or "false" ? false : throw new FormatException(),
                _ when type == typeof(DateOnly) => DateOnly.FromDateTime(ApiDates.Parse(value).UtcDateTime),
                _ when type == typeof(DateTimeOffset) => ApiDates.Parse(value),
                _ when type == typeof(DateTime) => ApiDates.Parse(value).UtcDateTime,
                _ => throw new FormatException(),
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            throw ApiException.BadRequest($"sqlfilters: '{value}' is not a valid value for '{field}'.");
        }
    }

    /// <summary>A value as a query parameter (EF parameterises a member of a closure object; a bare constant would be inlined).</summary>
    private static Expression Parameter(object value, Type type)
    {
        var box = typeof(FilterValue<>).MakeGenericType(type);
        var instance = Activator.CreateInstance(box)!;
        box.GetField("Value")!.SetValue(instance, value);
        return Expression.Field(Expression.Constant(instance), "Value");
    }

    private static readonly MethodInfo IlikeMethod = typeof(NpgsqlDbFunctionsExtensions).GetMethod(
        nameof(NpgsqlDbFunctionsExtensions.ILike), [typeof(DbFunctions), typeof(string), typeof(string)])!;

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

/// <summary>Dates as clients send them: Unix seconds, yyyymmdd, yyyy-mm-dd or a full ISO 8601 timestamp (UTC when no offset).</summary>
public static class ApiDates
{
    public static DateTimeOffset Parse(string value)
    {
        var c = CultureInfo.InvariantCulture;
        value = value.Trim();
        if (value.Length != 8 && long.TryParse(value, NumberStyles.Integer, c, out var unix))
        {
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        }

        string[] formats = ["yyyyMMdd", "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyyMMddHHmmss"];
        if (DateTime.TryParseExact(value, formats, c, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var exact))
        {
            return new DateTimeOffset(exact, TimeSpan.Zero);
        }

        return DateTimeOffset.Parse(value, c, DateTimeStyles.AssumeUniversal).ToUniversalTime();
    }

    public static long Unix(DateOnly date) => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();

    public static long? Unix(DateOnly? date) => date is { } d ? Unix(d) : null;

    public static long? Unix(DateTimeOffset? at) => at?.ToUnixTimeSeconds();

    public static DateOnly FromUnix(long seconds) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime);
}

/// <summary>Holds one filter value so EF Core sends it as a query parameter.</summary>
internal sealed class FilterValue<TValue>
{
#pragma warning disable CS0649 // set by reflection, read by the expression
    public TValue Value = default!;
#pragma warning restore CS0649
}
