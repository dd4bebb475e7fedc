package io.inferscope.logsearch;

import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.Query;

/**
 * The text part of a search, in Lucene's classic query syntax with the message as default field.
 * Terms combine with AND (a log search narrows as one types). Named fields must be known keyword
 * fields, analysed as whole values ({@code pod:vllm-0} is one term, not two). Any syntax error
 * becomes an {@link IllegalArgumentException} whose message says what is wrong, on one line.
 */
final class TextQueries {
    static final String SYNTAX_HINT =
            "syntax: words (all must match), \"a phrase\", OR, NOT or -word, prefix*,"
                    + " field:value (fields: message, "
                    + String.join(", ", LogFields.KEYWORDS.stream().sorted().toList())
                    + ")";

    private static final Analyzer ANALYZER = analyzer();

    private TextQueries() {}

    static Query parse(String text) {
        StrictParser parser = new StrictParser();
        parser.setDefaultOperator(QueryParser.Operator.AND);
        try {
            return parser.parse(text.equals("*") ? "*:*" : text);
        } catch (ParseException e) {
            throw new IllegalArgumentException(
                    "bad query '" + text + "': " + firstLine(e.getMessage()) + "; " + SYNTAX_HINT);
        }
    }

    private static String firstLine(String message) {
        String m = message == null ? "cannot parse" : message;
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        // QueryParser prefixes "Cannot parse '<text>': " which the caller already says.
        int colon = m.startsWith("Cannot parse '") ? m.indexOf("': ") : -1;
        return (colon > 0 ? m.substring(colon + 3) : m).trim();
    }

    private static Analyzer analyzer() {
        Map<String, Analyzer> perField = new HashMap<>();
        KeywordAnalyzer keyword = new KeywordAnalyzer();
        for (String f : LogFields.KEYWORDS) {
            perField.put(f, keyword);
        }
        return new PerFieldAnalyzerWrapper(new StandardAnalyzer(), perField);
    }

    /** Refuses fields the index does not have, instead of silently matching nothing. */
    private static final class StrictParser extends QueryParser {
        StrictParser() {
            super(LogFields.MESSAGE, ANALYZER);
        }

        private static void check(String field) throws ParseException {
            if (!field.equals(LogFields.MESSAGE) && !LogFields.KEYWORDS.contains(field)) {
                throw new ParseException("unknown field '" + field + "'");
            }
        }

        @Override
        protected Query getFieldQuery(String field, String text, boolean quoted)
                throws ParseException {
            check(field);
            return super.getFieldQuery(field, text, quoted);
        }

        @Override
        protected Query getFieldQuery(String field, String text, int slop) throws ParseException {
            check(field);
            return super.getFieldQuery(field, text, slop);
        }

        @Override
        protected Query getRangeQuery(
                String field, String a, String b, boolean startInclusive, boolean endInclusive)
                throws ParseException {
            check(field);
            return super.getRangeQuery(field, a, b, startInclusive, endInclusive);
        }

        @Override
        protected Query getPrefixQuery(String field, String text) throws ParseException {
            check(field);
            return super.getPrefixQuery(field, text);
        }

        @Override
        protected Query getWildcardQuery(String field, String text) throws ParseException {
            if (!(field.equals("*") && text.equals("*"))) { // *:* is "every line"
                check(field);
            }
            return super.getWildcardQuery(field, text);
        }

        @Override
        protected Query getFuzzyQuery(String field, String text, float similarity)
                throws ParseException {
            check(field);
            return super.getFuzzyQuery(field, text, similarity);
        }

        @Override
        protected Query getRegexpQuery(String field, String text) throws ParseException {
            check(field);
            return super.getRegexpQuery(field, text);
        }
    }
}
