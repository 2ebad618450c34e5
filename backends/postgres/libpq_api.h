// libpq, loaded on first use of a postgresql:// URL.
//
// Linking libpq.so would map its 23 shared libraries (Kerberos, LDAP, GnuTLS,
// OpenSSL, ...) into every statectl process: measured, a SQLite `get` went
// from 1.8 ms to 7.9 ms. Loaded with dlopen only when needed, PostgreSQL users
// pay what psql pays and SQLite users nothing. Types and signatures come from
// libpq-fe.h itself, so a mismatch is a compile error.
#ifndef STATECTL_BACKENDS_POSTGRES_LIBPQ_API_H_
#define STATECTL_BACKENDS_POSTGRES_LIBPQ_API_H_

#include <libpq-fe.h>

#include "core/status.h"

namespace statectl::pg {

struct Libpq {
  decltype(&::PQconnectStartParams) connectStartParams;
  decltype(&::PQconnectPoll) connectPoll;
  decltype(&::PQstatus) status;
  decltype(&::PQsocket) socket;
  decltype(&::PQerrorMessage) errorMessage;
  decltype(&::PQfinish) finish;
  decltype(&::PQhost) host;
  decltype(&::PQport) port;
  decltype(&::PQsetNoticeProcessor) setNoticeProcessor;
  decltype(&::PQexecParams) execParams;
  decltype(&::PQresultStatus) resultStatus;
  decltype(&::PQresultErrorField) resultErrorField;
  decltype(&::PQresultErrorMessage) resultErrorMessage;
  decltype(&::PQclear) clear;
  decltype(&::PQntuples) ntuples;
  decltype(&::PQgetvalue) getvalue;
  decltype(&::PQgetlength) getlength;
  decltype(&::PQgetisnull) getisnull;
  decltype(&::PQcmdTuples) cmdTuples;
  decltype(&::PQputCopyData) putCopyData;
  decltype(&::PQputCopyEnd) putCopyEnd;
  decltype(&::PQgetResult) getResult;
  decltype(&::PQsendQuery) sendQuery;
  decltype(&::PQgetCopyData) getCopyData;
  decltype(&::PQfreemem) freemem;
  decltype(&::PQsendQueryParams) sendQueryParams;
  decltype(&::PQisBusy) isBusy;
  decltype(&::PQconsumeInput) consumeInput;
  decltype(&::PQsetnonblocking) setnonblocking;
  decltype(&::PQflush) flush;
  decltype(&::PQbackendPID) backendPID;
};

// The loaded library (loaded once, kept for the process's life), or kDatabase
// naming what is missing.
Result<const Libpq*> LoadLibpq();

}  // namespace statectl::pg

#endif  // STATECTL_BACKENDS_POSTGRES_LIBPQ_API_H_
