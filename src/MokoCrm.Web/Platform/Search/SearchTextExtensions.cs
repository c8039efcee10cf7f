using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MokoCrm.Web.Platform.Search;

public static class SearchTextExtensions
{
    /// <summary>
    /// Maps the table's <c>search_text</c>: a stored generated column computed by PostgreSQL from
    /// <paramref name="sql"/> (folded by <see cref="SearchText.FoldFunction"/>, so the trigram index serves case- and
    /// accent-insensitive LIKE), with its GIN index.
    /// </summary>
    public static void HasSearchText<T>(this EntityTypeBuilder<T> builder, string sql)
        where T : class
    {
        builder.Metadata.Model.GetOrAddPostgresExtension(null, "pg_trgm", null);
        builder.Metadata.Model.GetOrAddPostgresExtension(null, "unaccent", null);
        builder.Property<string>(SearchText.Property).HasComputedColumnSql($"{SearchText.FoldFunction}({sql})", stored: true);
        builder.HasIndex(SearchText.Property).HasMethod("gin").HasOperators("gin_trgm_ops");
    }

    /// <summary>The rows whose search text contains the term (or, for a phone-like term, its digits).</summary>
    public static IQueryable<T> WhereSearchTextContains<T>(this IQueryable<T> rows, string term)
        where T : class =>
        rows.WhereSearchTextContains(r => EF.Property<string>(r, SearchText.Property), term);

    /// <summary>The same on a projection that carries the entity's search text.</summary>
    public static IQueryable<T> WhereSearchTextContains<T>(this IQueryable<T> rows, Expression<Func<T, string>> searchText, string term)
    {
        var pattern = SearchText.Contains(term);
        var phone = SearchText.PhoneContains(term);
        Expression<Func<string, bool>> test = phone is null
            ? s => EF.Functions.Like(s, pattern)
            : s => EF.Functions.Like(s, pattern) || EF.Functions.Like(s, phone);
        var body = new Substitute(test.Parameters[0], searchText.Body).Visit(test.Body);
        return rows.Where(Expression.Lambda<Func<T, bool>>(body, searchText.Parameters));
    }

    private sealed class Substitute(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? replacement : node;
    }
}
