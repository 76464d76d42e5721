//! The string syntax of `labels.Parse`: Kubernetes' lexer and recursive-descent parser,
//! byte for byte, with its error texts.

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::validate::{BadValue, invalid, label_key_errors};
use super::{Operator, Requirement};
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}

fn literal_token(s: &[u8]) -> Option<Token> {
    Some(match s {
        b")" => Token::ClosedPar,
        b"," => Token::Comma,
        b"!" => Token::DoesNotExist,
        b"==" => Token::DoubleEquals,
        b"=" => Token::Equals,
        b">" => Token::GreaterThan,
        b"in" => Token::In,
        b"<" => Token::LessThan,
        b"!=" => Token::NotEquals,
        b"notin" => Token::NotIn,
        b"(" => Token::OpenPar,
        _ => return None,
    })
}

fn is_whitespace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_special(c: u8) -> bool {
    matches!(c, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

/// Kubernetes' `Lexer`: a NUL byte reads as the end of the input, as in Go.
struct Lexer<'a> {
    s: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn read(&mut self) -> u8 {
        if self.pos < self.s.len() {
            let b = self.s[self.pos];
            self.pos += 1;
            b
        } else {
            0
        }
    }

    fn unread(&mut self) {
        self.pos -= 1;
    }

    fn lex(&mut self) -> (Token, &'a [u8]) {
        let mut ch = self.read();
        while is_whitespace(ch) {
            ch = self.read();
        }
        if ch == 0 {
            return (Token::EndOfString, b"");
        }
        self.unread();
        if is_special(ch) {
            self.scan_special()
        } else {
            self.scan_identifier()
        }
    }

    fn scan_identifier(&mut self) -> (Token, &'a [u8]) {
        let start = self.pos;
        let mut end;
        loop {
            end = self.pos;
            let ch = self.read();
            if ch == 0 {
                break;
            }
            if is_special(ch) || is_whitespace(ch) {
                self.unread();
                break;
            }
        }
        let lit = &self.s[start..end];
        (literal_token(lit).unwrap_or(Token::Identifier), lit)
    }

    fn scan_special(&mut self) -> (Token, &'a [u8]) {
        let start = self.pos;
        let mut last: Option<(Token, usize)> = None;
        loop {
            let ch = self.read();
            if ch == 0 {
                break;
            }
            if !is_special(ch) {
                self.unread();
                break;
            }
            match literal_token(&self.s[start..self.pos]) {
                Some(t) => last = Some((t, self.pos)),
                None if last.is_some() => {
                    self.unread();
                    break;
                }
                None => {}
            }
        }
        // Every single special byte is a token, so `last` is always set here.
        match last {
            Some((t, end)) => (t, &self.s[start..end]),
            None => (Token::EndOfString, b""),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    KeyAndOperator,
    Values,
}

struct Parser<'a> {
    items: Vec<(Token, &'a [u8])>,
    position: usize,
}

fn lit(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn err(msg: String) -> Error {
    Error::Selector(msg)
}

const BINARY_OPERATORS: &str = "in, notin, =, ==, !=, gt, lt";

impl<'a> Parser<'a> {
    fn at(&self, i: usize, ctx: Context) -> (Token, &'a [u8]) {
        // The scan always ends with EndOfString; never read past it.
        let (t, l) = self.items[i.min(self.items.len() - 1)];
        match (ctx, t) {
            (Context::Values, Token::In | Token::NotIn) => (Token::Identifier, l),
            _ => (t, l),
        }
    }

    fn lookahead(&self, ctx: Context) -> (Token, &'a [u8]) {
        self.at(self.position, ctx)
    }

    fn consume(&mut self, ctx: Context) -> (Token, &'a [u8]) {
        let r = self.at(self.position, ctx);
        if self.position < self.items.len() - 1 {
            self.position += 1;
        }
        r
    }

    fn parse(&mut self) -> Result<Vec<Requirement>> {
        let mut requirements = Vec::new();
        loop {
            let (tok, l) = self.lookahead(Context::Values);
            match tok {
                Token::Identifier | Token::DoesNotExist => {
                    let r = self.parse_requirement().map_err(|e| {
                        err(format!(
                            "unable to parse requirement: {}",
                            e.argo_text().unwrap_or_default()
                        ))
                    })?;
                    requirements.push(r);
                    let (t, l) = self.consume(Context::Values);
                    match t {
                        Token::EndOfString => return Ok(requirements),
                        Token::Comma => {
                            let (t2, l2) = self.lookahead(Context::Values);
                            if t2 != Token::Identifier && t2 != Token::DoesNotExist {
                                return Err(err(format!(
                                    "found '{}', expected: identifier after ','",
                                    lit(l2)
                                )));
                            }
                        }
                        _ => {
                            return Err(err(format!(
                                "found '{}', expected: ',' or 'end of string'",
                                lit(l)
                            )));
                        }
                    }
                }
                Token::EndOfString => return Ok(requirements),
                _ => {
                    return Err(err(format!(
                        "found '{}', expected: !, identifier, or 'end of string'",
                        lit(l)
                    )));
                }
            }
        }
    }

    fn parse_requirement(&mut self) -> Result<Requirement> {
        let (key, op) = self.parse_key_and_infer_operator()?;
        if let Some(op @ (Operator::Exists | Operator::DoesNotExist)) = op {
            return Requirement::new_at(&key, op, Some(Vec::new()), "");
        }
        let op = self.parse_operator()?;
        let values = match op {
            Operator::In | Operator::NotIn => self.parse_values()?,
            _ => self.parse_exact_value()?,
        };
        Requirement::new_at(&key, op, Some(values), "")
    }

    fn parse_key_and_infer_operator(&mut self) -> Result<(String, Option<Operator>)> {
        let mut op = None;
        let (mut tok, mut l) = self.consume(Context::Values);
        if tok == Token::DoesNotExist {
            op = Some(Operator::DoesNotExist);
            (tok, l) = self.consume(Context::Values);
        }
        if tok != Token::Identifier {
            return Err(err(format!("found '{}', expected: identifier", lit(l))));
        }
        let key = lit(l);
        let key_errs = label_key_errors(&key);
        if !key_errs.is_empty() {
            return Err(err(invalid(
                "<nil>",
                BadValue::Str(&key),
                &key_errs.join("; "),
            )));
        }
        let (t, _) = self.lookahead(Context::Values);
        if (t == Token::EndOfString || t == Token::Comma) && op.is_none() {
            op = Some(Operator::Exists);
        }
        Ok((key, op))
    }

    fn parse_operator(&mut self) -> Result<Operator> {
        let (tok, l) = self.consume(Context::KeyAndOperator);
        Ok(match tok {
            Token::In => Operator::In,
            Token::Equals => Operator::Equals,
            Token::DoubleEquals => Operator::DoubleEquals,
            Token::GreaterThan => Operator::GreaterThan,
            Token::LessThan => Operator::LessThan,
            Token::NotIn => Operator::NotIn,
            Token::NotEquals => Operator::NotEquals,
            _ => {
                return Err(err(format!(
                    "found '{}', expected: {BINARY_OPERATORS}",
                    lit(l)
                )));
            }
        })
    }

    /// `(a,b,,c)`: a sorted set (Go's `sets.String.List()`).
    fn parse_values(&mut self) -> Result<Vec<String>> {
        let (tok, l) = self.consume(Context::Values);
        if tok != Token::OpenPar {
            return Err(err(format!("found '{}' expected: '('", lit(l))));
        }
        let (tok, l) = self.lookahead(Context::Values);
        match tok {
            Token::Identifier | Token::Comma => {
                let s = self.parse_identifiers_list()?;
                let (t, _) = self.consume(Context::Values);
                if t != Token::ClosedPar {
                    return Err(err(format!("found '{}', expected: ')'", lit(l))));
                }
                Ok(s)
            }
            Token::ClosedPar => {
                self.consume(Context::Values);
                Ok(alloc::vec![String::new()])
            }
            _ => Err(err(format!(
                "found '{}', expected: ',', ')' or identifier",
                lit(l)
            ))),
        }
    }

    fn parse_identifiers_list(&mut self) -> Result<Vec<String>> {
        let mut set: Vec<String> = Vec::new();
        let insert = |set: &mut Vec<String>, v: &str| {
            if let Err(i) = set.binary_search_by(|x| x.as_str().cmp(v)) {
                set.insert(i, v.to_owned());
            }
        };
        loop {
            let (tok, l) = self.consume(Context::Values);
            match tok {
                Token::Identifier => {
                    insert(&mut set, &lit(l));
                    let (t2, l2) = self.lookahead(Context::Values);
                    match t2 {
                        Token::Comma => continue,
                        Token::ClosedPar => return Ok(set),
                        _ => {
                            return Err(err(format!("found '{}', expected: ',' or ')'", lit(l2))));
                        }
                    }
                }
                Token::Comma => {
                    if set.is_empty() {
                        insert(&mut set, "");
                    }
                    let (t2, _) = self.lookahead(Context::Values);
                    if t2 == Token::ClosedPar {
                        insert(&mut set, "");
                        return Ok(set);
                    }
                    if t2 == Token::Comma {
                        self.consume(Context::Values);
                        insert(&mut set, "");
                    }
                }
                _ => {
                    return Err(err(format!(
                        "found '{}', expected: ',', or identifier",
                        lit(l)
                    )));
                }
            }
        }
    }

    fn parse_exact_value(&mut self) -> Result<Vec<String>> {
        let (tok, _) = self.lookahead(Context::Values);
        if tok == Token::EndOfString || tok == Token::Comma {
            return Ok(alloc::vec![String::new()]);
        }
        let (tok, l) = self.consume(Context::Values);
        if tok == Token::Identifier {
            return Ok(alloc::vec![lit(l)]);
        }
        Err(err(format!("found '{}', expected: identifier", lit(l))))
    }
}

/// `labels.parse`: the requirements in the order written (the caller sorts them by key).
pub(super) fn parse(selector: &str) -> Result<Vec<Requirement>> {
    let mut lexer = Lexer {
        s: selector.as_bytes(),
        pos: 0,
    };
    let mut items = Vec::new();
    loop {
        let (t, l) = lexer.lex();
        items.push((t, l));
        if t == Token::EndOfString {
            break;
        }
    }
    Parser { items, position: 0 }.parse()
}

#[cfg(test)]
mod tests {
    use super::super::LabelSelector;
    use alloc::string::ToString;

    fn canon(s: &str) -> alloc::string::String {
        LabelSelector::parse(s).unwrap().to_string()
    }

    fn error(s: &str) -> alloc::string::String {
        LabelSelector::parse(s).unwrap_err().argo_text().unwrap()
    }

    #[test]
    fn kubernetes_good_strings() {
        for s in [
            "x=a,y=b,z=c",
            "",
            "x!=a,y=b",
            "x=",
            "x= ",
            "x=,z= ",
            "x= ,z= ",
            "!x",
            "x>1",
            "x>1,z<5",
        ] {
            assert_eq!(canon(s), s.replace(' ', ""), "{s}");
        }
        assert_eq!(
            canon("x in (foo,,baz),y,z notin ()"),
            "x in (,baz,foo),y,z notin ()"
        );
        assert_eq!(canon("a=x,x=a"), canon("x=a,a=x"));
        assert_eq!(canon("x in (in)"), "x in (in)");
        assert_eq!(canon("x notin (b,a,b)"), "x notin (a,b)");
        assert_eq!(canon("x==a"), "x==a");
    }

    #[test]
    fn kubernetes_bad_strings() {
        for s in [
            "x=a||y=b", "x==a==b", "!x=a", "x<a", "x in", "x in (a", "x,", ",x", "x=(", "!",
        ] {
            assert!(LabelSelector::parse(s).is_err(), "{s}");
        }
        assert_eq!(
            error("x==a==b"),
            "found '==', expected: ',' or 'end of string'"
        );
        assert_eq!(error("!x=a"), "found '=', expected: ',' or 'end of string'");
        assert_eq!(
            error("x<a"),
            "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"
        );
        assert_eq!(error("x,"), "found '', expected: identifier after ','");
        assert_eq!(
            error(",x"),
            "found ',', expected: !, identifier, or 'end of string'"
        );
        assert_eq!(
            error("x y"),
            "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt"
        );
        assert_eq!(
            error("x in a"),
            "unable to parse requirement: found 'a' expected: '('"
        );
        assert_eq!(
            error("x in (a b)"),
            "unable to parse requirement: found 'b', expected: ',' or ')'"
        );
        assert!(error("-x=a").starts_with(
            "unable to parse requirement: <nil>: Invalid value: \"-x\": name part must consist"
        ));
    }
}
